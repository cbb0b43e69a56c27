"""LaTeX in: the one reader of formulas (a vocabulary declared in one place) and the articles' extraction."""
