"""python -m derivations: the same as the `derive` command."""

from .cli import main

if __name__ == "__main__":  # not when a spawned worker process imports the main module
    main()
