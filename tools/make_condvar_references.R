#!/usr/bin/env Rscript
# make_condvar_references.R — lme4's conditional variances of the random effects (ranef(fit, condVar = TRUE)).
#
# Usage: Rscript tools/make_condvar_references.R CASES.json DATA_DIR OUTPUT_DIR
# For each case of CASES.json (as make_inference_references.R reads them) writes OUTPUT_DIR/condvar_<name>.json:
# {"name", "formula", "reml", "groups": {group: {"levels": [...], "terms": [...], "postVar": [level][i][j]}}}
# where postVar is attr(ranef(fit, condVar = TRUE)[[group]], "postVar") (q × q × levels), written level first.
suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = TRUE)
cases <- fromJSON(args[[1]], simplifyVector = FALSE)
for (case in cases) {
  data <- read.csv(file.path(args[[2]], case$data), na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (column in unlist(case$factors)) data[[column]] <- factor(data[[column]])
  fit <- suppressMessages(suppressWarnings(lmer(as.formula(case$formula), data = data, REML = case$reml)))
  re <- ranef(fit, condVar = TRUE)
  groups <- list()
  for (g in names(re)) {
    pv <- attr(re[[g]], "postVar")
    if (is.list(pv)) next  # several terms on one factor: lme4 gives a list; not referenced here
    groups[[g]] <- list(levels = I(rownames(re[[g]])), terms = I(colnames(re[[g]])),
                        postVar = lapply(seq_len(dim(pv)[3]), function(k) pv[, , k, drop = FALSE][, , 1]))
  }
  out <- list(name = case$name, formula = case$formula, reml = case$reml, groups = groups)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE),
             file.path(args[[3]], paste0("condvar_", case$name, ".json")))
  cat("wrote", case$name, "\n")
}
