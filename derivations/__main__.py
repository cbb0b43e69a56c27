"""python -m derivations: the same as the `derive` command."""

from .cli import main

main()
