"""The browsable blueprint: static HTML (an index with the claims' dependency graph, one page per claim),
typeset in the browser by a vendored copy of KaTeX; `derive site` and `derive export` write it."""
