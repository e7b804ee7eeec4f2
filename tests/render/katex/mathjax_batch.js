// Typeset many LaTeX strings with MathJax 3's TeX input (display mode) in one node process.
// stdin: JSON array of strings; stdout: JSON array of {index, error} for every string MathJax refuses
// (a TeX error, or an <merror> node in the result). The packages are MathJax's default TeX set as
// Jupyter loads it (base, ams, newcommand, textmacros...) without `noundefined`, so an unknown macro is an
// error rather than red text. MathJax is loaded from <repo>/.katex/node_modules/mathjax-full
// (CI: npm install --prefix .katex katex@0.16 mathjax-full@3).
"use strict";
const path = require("path");
const root = path.resolve(__dirname, "../../../.katex/node_modules/mathjax-full/js");
const { mathjax } = require(path.join(root, "mathjax.js"));
const { TeX } = require(path.join(root, "input/tex.js"));
const { SVG } = require(path.join(root, "output/svg.js"));
const { liteAdaptor } = require(path.join(root, "adaptors/liteAdaptor.js"));
const { RegisterHTMLHandler } = require(path.join(root, "handlers/html.js"));
require(path.join(root, "input/tex/base/BaseConfiguration.js"));
require(path.join(root, "input/tex/ams/AmsConfiguration.js"));
require(path.join(root, "input/tex/newcommand/NewcommandConfiguration.js"));
require(path.join(root, "input/tex/textmacros/TextMacrosConfiguration.js"));
require(path.join(root, "input/tex/boldsymbol/BoldsymbolConfiguration.js"));

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({
  packages: ["base", "ams", "newcommand", "textmacros", "boldsymbol"],
  formatError: (jax, err) => { throw err; },
});
const doc = mathjax.document("", { InputJax: tex, OutputJax: new SVG({ fontCache: "none" }) });

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const failures = [];
  JSON.parse(input).forEach((text, index) => {
    try {
      const node = doc.convert(text, { display: true });
      const svg = adaptor.outerHTML(node);
      if (svg.includes("merror") || svg.includes("data-mjx-error")) {
        failures.push({ index, error: "merror in the typeset output" });
      }
    } catch (err) {
      failures.push({ index, error: String(err.message || err) });
    }
  });
  process.stdout.write(JSON.stringify(failures));
});
