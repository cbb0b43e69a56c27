"""The versions output/ was made with (derivations/constraints.txt), and the installed ones that differ."""

from __future__ import annotations

import re
from importlib import metadata, resources


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _file():
    return resources.files("derivations").joinpath("constraints.txt")


def pinned(output_only: bool = True) -> dict[str, str]:
    """name -> version from the constraints file; only the lines marked ``# output`` unless told otherwise."""
    text = _file().read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        requirement, _, comment = line.partition("#")
        if "==" not in requirement or (output_only and comment.strip() != "output"):
            continue
        name, version = (part.strip() for part in requirement.split("=="))
        pins[_canonical(name)] = version
    return pins


def mismatches() -> list[str]:
    """One line naming every pinned package installed at another version (or missing); [] when all match."""
    found = []
    for name, version in pinned().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            found.append(f"{name}=={version} (found {installed})")
    if not found:
        return []
    return [f"derive check expects {', '.join(found)}: output/ is made with those, and other versions may print or draw it differently; pip install -c {_file()} ... installs them"]
