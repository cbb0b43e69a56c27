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
