// Render many LaTeX strings with KaTeX (displayMode, throwOnError) in one node process.
// stdin: JSON array of strings; stdout: JSON array of {index, error} for every failure.
// KaTeX is loaded from <repo>/.katex/node_modules/katex (CI: npm install --prefix .katex katex@0.16).
"use strict";
const path = require("path");
const katex = require(path.resolve(__dirname, "../../../.katex/node_modules/katex"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const failures = [];
  JSON.parse(input).forEach((tex, index) => {
    try {
      katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: "error" });
    } catch (err) {
      failures.push({ index, error: String(err.message || err) });
    }
  });
  process.stdout.write(JSON.stringify(failures));
});
