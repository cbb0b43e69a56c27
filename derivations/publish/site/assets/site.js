// Typesets every .math element with the vendored KaTeX; a formula KaTeX cannot read is an error on the console.
(function () {
  var macros = {"\\softplus": "\\operatorname{softplus}", "\\ReLU": "\\operatorname{ReLU}"};
  document.querySelectorAll(".math").forEach(function (el) {
    var tex = el.textContent;
    try {
      katex.render(tex, el, {displayMode: el.classList.contains("display"), throwOnError: true, macros: macros});
    } catch (e) {
      el.classList.add("math-error");
      console.error("KaTeX cannot typeset " + JSON.stringify(tex) + ": " + e.message);
    }
  });
})();
