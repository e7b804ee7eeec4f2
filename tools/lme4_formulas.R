# lme4 1.1-31 as referee for formula reading: for each formula in tools/lme4_formulas.txt (one a line,
# from lme4's tests, man pages and tutorials), what lme4 makes of it:
#   fixed   - attr(terms(nobars(f)), "term.labels"), intercept, response, offsets (deparsed)
#   bars    - findbars(f), each deparsed (lhs | grouping)
#   X, cnms - lFormula() on synthetic data: fixed-effect column names, random-effect columns per group
# Run: Rscript tools/lme4_formulas.R > tests/data/formulas/lme4_formulas.json
suppressMessages({library(lme4); library(jsonlite)})
lines <- readLines("tools/lme4_formulas.txt")
lines <- lines[nzchar(trimws(lines)) & !startsWith(trimws(lines), "#")]
set.seed(1)
one <- function(text) {
  out <- list(formula = text)
  f <- tryCatch(eval(parse(text = text)[[1]]), error = function(e) e)
  if (inherits(f, "error")) { out$error <- conditionMessage(f); return(out) }
  nb <- tryCatch(lme4:::nobars(f), error = function(e) e)
  if (!inherits(nb, "error") && inherits(nb, "formula")) {
    tt <- tryCatch(terms(nb), error = function(e) e)
    if (!inherits(tt, "error")) {
      out$terms <- I(attr(tt, "term.labels"))
      out$intercept <- attr(tt, "intercept") == 1
      if (length(nb) == 3) out$response <- paste(deparse(nb[[2]], width.cutoff = 500L), collapse = "")
      vars <- as.list(attr(tt, "variables"))[-1]
      out$offsets <- I(vapply(vars[attr(tt, "offset")], function(v) deparse(v[[2]], width.cutoff = 500L), ""))
    } else out$terms_error <- conditionMessage(tt)
  } else out$nobars <- if (inherits(nb, "error")) conditionMessage(nb) else deparse(nb)
  bars <- tryCatch(lme4:::findbars(f), error = function(e) e)
  if (inherits(bars, "error")) out$bars_error <- conditionMessage(bars)
  else out$bars <- I(vapply(bars, function(b) paste(deparse(b, width.cutoff = 500L), collapse = ""), ""))
  # synthetic data: grouping variables (right of a bar) are factors, the others positive numbers
  vs <- all.vars(f)
  gs <- unique(unlist(lapply(bars, function(b) all.vars(b[[3]]))))
  n <- 60
  d <- data.frame(row.names = seq_len(n))
  for (v in vs) d[[v]] <- if (v %in% gs) factor(sample(letters[1:4], n, TRUE)) else runif(n, 1, 3)
  lf <- tryCatch(suppressWarnings(lFormula(f, data = d, control = lmerControl(
    check.nobs.vs.nlev = "ignore", check.nobs.vs.nRE = "ignore", check.nlev.gtr.1 = "ignore",
    check.nobs.vs.rankZ = "ignore", check.rankX = "ignore"))), error = function(e) e)
  if (inherits(lf, "error")) out$lformula_error <- conditionMessage(lf)
  else {
    out$X <- I(colnames(lf$X))
    out$groups <- I(names(lf$reTrms$cnms))
    out$cnms <- lapply(unname(lf$reTrms$cnms), I)
  }
  out
}
cat(toJSON(lapply(lines, one), auto_unbox = TRUE, pretty = TRUE, null = "null"))
