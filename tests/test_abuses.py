"""Proof-script abuses (tests/fixtures/abuse_proofs) are never proved; their honest counterparts
(tests/fixtures/sound_proofs) are, so the test notices an engine that proves nothing at all."""

from __future__ import annotations

import pytest

from derivations.base.config import Config
from derivations.run.runner import discover
from derivations.model.verdict import Verdict
from derivations.check.verify import Verifier

from .conftest import ROOT

ABUSES = discover(ROOT / "tests" / "fixtures" / "abuse_proofs")
SOUND = discover(ROOT / "tests" / "fixtures" / "sound_proofs")


@pytest.fixture(scope="module")
def verifier(specs):
    return Verifier({**specs, **ABUSES, **SOUND}, Config(bind_latex=False))


@pytest.mark.parametrize("claim_id", sorted(ABUSES))
def test_abuse_is_not_proved(verifier, claim_id):
    result = verifier.verify(claim_id)
    assert result.verdict in (Verdict.UNKNOWN, Verdict.REFUTED), f"{claim_id}: {result.verdict} {result.reason}"


@pytest.mark.parametrize("claim_id", sorted(SOUND))
def test_counterpart_is_proved(verifier, claim_id):
    result = verifier.verify(claim_id)
    assert result.verdict is Verdict.PROVED, f"{claim_id}: {result.verdict} {result.reason}"


@pytest.mark.parametrize(
    "claim_id, why",
    [
        ("induction-on-a-real", "integer variable"),
        ("induction-on-any-integer", "do not make m >= 0"),
        ("induction-below-its-base", "do not make k >= 1"),
        ("enumeration-over-a-real", "integer variables"),
        ("lemma-outside-its-assumptions", "outside its assumptions"),
        ("lemma-with-a-misspelt-symbol", "no free symbol named T"),
        ("derivative-at-a-kink", "defined only where"),
        ("undefined-at-zero", "defined only where"),
        ("squeeze-from-assumptions", "the limit is oo, not 0"),
        ("limit-of-an-assumed-value", "reduces u - 1 to 0"),
        ("square-of-an-imaginary-number", "not known to be real"),
        ("citation-that-captures-a-bound-variable", "bound inside relu-limit"),
    ],
)
def test_abuse_is_caught_for_its_reason(verifier, claim_id, why):
    result = verifier.verify(claim_id)
    assert why in result.reason or any(why in s.check.detail for s in result.steps), result.reason
