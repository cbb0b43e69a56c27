"""Many claims: worker processes, CPU budgets, the verification cache, finding the proof scripts."""
