"""Claims and derivations, verdicts and evidence, and what a claim shows."""
