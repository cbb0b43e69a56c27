"""One exception base class for everything the engine reports to a user, and its subclasses."""


class DerivationError(Exception):
    """Base of all user-facing errors; the CLI prints the message on one line."""

    exit_code = 2


class ParseError(DerivationError):
    """The LaTeX could not be read."""


class UnsupportedNotation(ParseError):
    """The LaTeX is well-formed but uses something outside the supported vocabulary."""


class ProofScriptError(DerivationError):
    """A proof script in proofs/ is broken (import error, bad derivation object)."""


class UnknownClaim(DerivationError):
    """A claim id that no proof script defines."""


class NetworkError(DerivationError):
    """A network file (NET.json) that is not a ReLU network with integer weights and rational biases."""


def in_words(exc: BaseException, limit: int = 200) -> str:
    """A library failure said to a user: what could not be done, without Python's exception names or
    SymPy's internal symbols (a verdict's reason is read by authors, not by programmers)."""
    import re

    text = re.sub(r"(?<![A-Za-z0-9])_([A-Za-z]\w*)", r"\1", str(exc))[:limit]  # Dummy names print as _x
    if isinstance(exc, NotImplementedError):
        return f"SymPy cannot compute it ({text})" if text else "SymPy cannot compute it"
    if isinstance(exc, RecursionError):
        return "the expression is nested too deeply to compute"
    if isinstance(exc, ValueError) and "int_max_str_digits" in text:
        return "a number has too many digits to compute with"
    if isinstance(exc, (MemoryError, OverflowError)):
        return "a value is too large to compute"
    return f"SymPy failed ({text})" if text else "SymPy failed"
