"""LaTeX front end (parse) and back end (render)."""
