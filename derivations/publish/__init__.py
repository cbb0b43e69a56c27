"""Files out: LaTeX fragments, the PDF, figures and the HTML site."""
