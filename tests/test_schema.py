"""One JSON schema for every --json output: each command's document validates, carries schema_version, and
writes a counterexample in one shape ({"values", "detail", "exact"})."""

import json

import jsonschema
import pytest

from derivations.base.schema import SCHEMA_VERSION, schema, validate

from .conftest import ROOT

EXAMPLE_NET = ROOT / "tests" / "fixtures" / "nets" / "example-2x2.json"


def test_the_published_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert (ROOT / "derivations" / "base" / "schemas" / "derive.schema.json").is_file()


def _counterexample_properties(node, path=""):
    """Every property named counterexample anywhere in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and "counterexample" in value:
                yield path, value["counterexample"]
            yield from _counterexample_properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _counterexample_properties(item, path)


def test_every_counterexample_has_the_one_shape():
    found = list(_counterexample_properties(schema()))
    assert len(found) >= 4  # verify's claims, prove, audit's formulas, tropicalize
    for where, prop in found:
        assert prop["oneOf"] == [{"$ref": "#/$defs/counterexample"}, {"type": "null"}], where


@pytest.mark.parametrize(
    "kind, document",
    [
        ("prove", {"schema_version": 2, "verdict": "refuted", "statement": "", "domain": None, "reason": "", "seconds": 0, "counterexample": {"x": "0"}}),
        ("prove", {"verdict": "proved", "statement": "", "domain": None, "reason": "", "seconds": 0, "counterexample": None}),
        ("list", {"schema_version": 2, "claims": [{"id": "a", "title": "t", "latex": "x", "extra": 1}]}),
        ("list", [{"id": "a", "title": "t", "latex": "x"}]),
        ("verify", {"schema_version": 1, "claims": [], "summary": {"proved": 0, "refuted": 0, "unknown": 0, "error": 0, "timeout": 0}}),
    ],
    ids=["flat-counterexample", "no-version", "list-extra-field", "list-as-array", "wrong-version"],
)
def test_the_old_shapes_are_rejected(kind, document):
    with pytest.raises(jsonschema.ValidationError):
        validate(document, kind)


def _documents(out):
    """One JSON document (maybe indented), or JSON lines."""
    text = out.stdout.strip()
    assert text, out.stderr
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize(
    "kind, args",
    [
        ("verify", ["verify", "sigmoid-ode", "--json"]),
        ("list", ["list", "--json"]),
        ("prove", ["prove", r"\log_t(t^x\cdot t^y)=xy", "--assume", "t>1", "--json"]),
        ("prove", ["prove", r"\sigma(-x) = 1-\sigma(x)", "--json"]),
        ("tropicalize", ["tropicalize", str(EXAMPLE_NET), "--certify", "--json"]),
        ("tropicalize", ["tropicalize", str(EXAMPLE_NET), "--json"]),
    ],
)
def test_every_command_prints_a_valid_document(derive, kind, args):
    out = derive(*args)
    for document in _documents(out):
        assert document["schema_version"] == SCHEMA_VERSION and list(document)[0] == "schema_version"
        validate(document, kind)


def test_prove_file_lines_each_validate(derive, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in [{"id": "a", "latex": r"x\oplus y = \min(x,y)"}, {"id": 7, "latex": "x=x"}]) + "\n")
    out = derive("prove", "--file", str(path), "--json")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    for line in lines:
        validate(line, "prove")
    assert set(lines[0]["counterexample"]) == {"values", "detail", "exact"}


def test_tropicalize_refutation_validates(derive, tmp_path):
    report = json.loads(derive("tropicalize", str(EXAMPLE_NET), "--json").stdout)
    report["F"][0][0] = "99/1"
    form = tmp_path / "form.json"
    form.write_text(json.dumps(report))
    bad = json.loads(derive("tropicalize", str(EXAMPLE_NET), "--form", str(form), "--certify", "--json").stdout)
    validate(bad, "tropicalize")
    assert bad["verdict"] == "refuted" and set(bad["counterexample"]) == {"values", "detail", "exact"}
