"""The article's claims; installed inside the wheel as derivations.corpus (found by derivations.run.runner.corpus_dir)."""
