"""The one JSON schema of every `derive ... --json` document: its version, and the published schema file."""

from __future__ import annotations

import json
from importlib import resources

SCHEMA_VERSION = 2  # 2: verify's claims carry the Coq kernel's verdict (kernel, kernel_detail)
AUDIT_SCHEMA_VERSION = 3  # `derive audit --json`: a result per file ("files"); one file keeps "formulas" at the top
KINDS = ("verify", "prove", "audit", "list", "tropicalize")


def document(payload: dict) -> dict:
    """A JSON document as the command prints it: ``schema_version`` first, then the payload."""
    return {"schema_version": SCHEMA_VERSION, **payload}


def schema(kind: str | None = None) -> dict:
    """The published JSON Schema (derivations/base/schemas/derive.schema.json), or the part for one command
    (a schema that refers into the whole file's $defs)."""
    whole = json.loads(resources.files("derivations.base").joinpath("schemas/derive.schema.json").read_text(encoding="utf-8"))
    if kind is None:
        return whole
    if kind not in KINDS:
        raise ValueError(f"no schema for {kind!r}; known: {', '.join(KINDS)}")
    return {**whole, "anyOf": [{"$ref": f"#/$defs/{kind}"}]}


def validate(data: dict, kind: str) -> None:
    """Raise jsonschema.ValidationError unless ``data`` is a valid ``derive <kind> --json`` document (needs jsonschema)."""
    import jsonschema

    jsonschema.validate(data, schema(kind), cls=jsonschema.Draft202012Validator)
