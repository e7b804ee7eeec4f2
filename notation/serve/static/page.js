// notation serve: the page's only script. Every value from the server is inserted with textContent
// (or rendered by KaTeX, which escapes its input), never as HTML.
"use strict";

const EXAMPLES = {
  "formula": "Reaction ~ Days + (Days | Subject)",
  "equations": "Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + e_ij\n" +
    "beta_0j = gamma_00 + gamma_01*Z_j + gamma_02*S_j + u_0j\n" +
    "beta_1j = gamma_10 + gamma_11*Z_j + u_1j\nj: school",
  "LaTeX": "$$Y_{ij} = \\beta_{0j} + \\beta_{1j}R_{ij} + \\beta_2X_{ij} + \\epsilon_{ij}$$\n" +
    "$$\\beta_{0j} = \\gamma_{00} + \\gamma_{01}Z_j + \\gamma_{02}S_j + u_{0j}$$\n" +
    "$$\\beta_{1j} = \\gamma_{10} + \\gamma_{11}Z_j + u_{1j}$$\nj: school",
  "Stata": "mixed Reaction Days || Subject: Days, covariance(unstructured) reml",
  "SAS": "proc mixed data=d method=reml;\n  class Subject;\n  model Reaction = Days / solution;\n" +
    "  random intercept Days / subject=Subject type=un;\nrun;",
  "three levels": "Y_ijk = beta_0jk + beta_1*X_ijk + e_ijk\nbeta_0jk = gamma_00k + u_0jk\n" +
    "gamma_00k = delta_000 + v_00k\nj: class\nk: school",
};

const $ = (id) => document.getElementById(id);
let latest = 0;     // the newest conversion asked for: older replies are dropped
let timer = null;
let upload = null;  // {name, csv} of the chosen file
let fitted = null;  // the last fit's estimates, plugged into the form while the model is unchanged

async function post(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
    });
    return await response.json();
  } catch (err) {
    return {error: {text: "The notation server is not answering (" + err + ").\n" +
                          "Start it again with: notation serve"}};
  }
}

function math(element, latex) {
  element.textContent = "";
  element.style.fontSize = "";
  if (!window.katex) {
    element.textContent = latex;
    return;
  }
  window.katex.render(latex, element, {displayMode: true, throwOnError: false});
  // a wide form (the marginal V_j, a long reduced form) is shrunk to the column, down to 60 %;
  // wider than that, it scrolls
  const wide = element.scrollWidth / Math.max(1, element.clientWidth);
  if (wide > 1) element.style.fontSize = Math.max(60, Math.floor(100 / wide)) + "%";
}

function piece(element, reply, render) {
  element.classList.toggle("failed", Boolean(reply.error));
  if (reply.error) {
    element.textContent = reply.error.text;
  } else {
    render(element, reply.value);
  }
}

// The rendered error (message, the line with its caret, hint) as three blocks: the message and the
// hint wrap, the line and its caret never do (the caret must stay under its column).
function showError(element, text) {
  const lines = text.split("\n");
  const hint = lines.length > 1 && lines[lines.length - 1].startsWith("hint:") ? lines.pop() : null;
  const blocks = [["message", lines.shift()], ["where", lines.join("\n")], ["hint", hint]];
  element.textContent = "";
  for (const [kind, content] of blocks) {
    if (!content) continue;
    const span = document.createElement("span");
    span.className = kind;
    span.textContent = content + "\n";
    element.appendChild(span);
  }
}

function showConversion(reply) {
  const error = $("error");
  document.body.classList.toggle("stale", Boolean(reply.error));
  if (reply.error) {  // keep the last good rendering, dimmed, so the page does not jump while typing
    showError(error, reply.error.text);
    error.hidden = false;
    return;
  }
  error.hidden = true;
  error.textContent = "";
  $("formula").textContent = reply.formula;
  const read = reply.program === "notation" ? "" : "Read as " + reply.program + " code. ";
  $("reading").textContent = read + reply.notes.map((n) => "Note: " + n).join(" ");
  piece($("equations"), reply.equations.latex, math);
  piece($("equations-text"), reply.equations.text, (el, text) => { el.textContent = text; });
  piece($("latex"), reply.latex, math);
  $("latex-source").textContent = reply.latex.error ? "" : reply.latex.value;
  $("estimates-note").textContent = fitted && $("estimates").checked && !reply.estimates
    ? "(the model changed since the fit: fit again to plug in its estimates)" : "";
}

async function convert() {
  const spec = $("spec").value;
  const mine = ++latest;
  if (!spec.trim()) {
    $("error").hidden = true;
    return;
  }
  document.body.classList.add("busy");
  const request = {spec: spec, form: $("form").value};
  if (fitted && $("estimates").checked) request.estimates = fitted;
  const reply = await post("/api/convert", request);
  if (mine !== latest) return;
  document.body.classList.remove("busy");
  showConversion(reply);
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(convert, 200);
}

async function fit() {
  if (!upload) return;
  const status = $("fit-status");
  status.textContent = "Fitting " + upload.name + " …";
  $("refit").disabled = true;
  const reply = await post("/api/fit", {spec: $("spec").value, csv: upload.csv, name: upload.name});
  $("refit").disabled = false;
  const section = $("fit");
  section.hidden = false;
  const summary = $("summary");
  summary.classList.toggle("failed", Boolean(reply.error));
  if (reply.error) {
    summary.textContent = reply.error.text;
    status.textContent = "The fit failed; see below.";
    $("plot").hidden = true;
    $("plot-note").textContent = "";
    return;
  }
  summary.textContent = reply.summary;
  fitted = reply.estimates;
  $("estimates").disabled = false;
  convert();  // the form with the new estimates, if they are asked for
  status.textContent = "Fitted " + reply.formula + " to " + upload.name + ".";
  $("plot").hidden = !reply.caterpillar;
  if (reply.caterpillar) $("caterpillar").src = reply.caterpillar;  // a data: URL the server made
  $("plot-note").textContent = reply.plot_note || "";
}

async function choose() {
  const file = $("data").files[0];
  if (!file) return;
  if (file.size > 20 * 1024 * 1024) {
    $("fit-status").textContent = file.name + " is larger than 20 MB: fit it with notation fit.";
    return;
  }
  upload = {name: file.name.replace(/\.csv$/i, ""), csv: await file.text()};
  fit();
}

function start() {
  const examples = $("examples");
  for (const [name, text] of Object.entries(EXAMPLES)) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name;
    button.addEventListener("click", () => { $("spec").value = text; convert(); });
    examples.appendChild(button);
  }
  $("spec").addEventListener("input", schedule);
  $("form").addEventListener("change", convert);
  $("estimates").addEventListener("change", convert);
  $("data").addEventListener("change", choose);
  $("refit").addEventListener("click", fit);
  $("copy").addEventListener("click", () => navigator.clipboard.writeText($("latex-source").textContent));
  if (!$("spec").value.trim()) $("spec").value = EXAMPLES.formula;
  convert();
}

document.addEventListener("DOMContentLoaded", start);
