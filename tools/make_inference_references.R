#!/usr/bin/env Rscript
# make_inference_references.R — lme4 / lmerTest / pbkrtest inference tables for the cases of a manifest.
#
# Usage:
#   Rscript tools/make_inference_references.R CASES.json COMPARE.json DATA_DIR OUTPUT_DIR [NAME ...]
#
# For each case of CASES.json ({name, data, formula, reml, factors[, boot]}), with the data read as
# make_references.R reads it, writes OUTPUT_DIR/<name>.json with R's as.data.frame tables
# {"rows": [...], "cols": {"col": [...]}} (DESIGN.md §8):
#   coefficients_satterthwaite, coefficients_kenward_roger   summary(fit, ddf = ...)$coefficients
#   anova_<type>_<ddf>   anova(fit, type = 1|2|3, ddf = "Satterthwaite"|"Kenward-Roger")
#   confint_wald, confint_profile   confint(fit, method = ..., oldNames = FALSE)
#   confint_boot (when "boot" = nsim is given: percentile, set.seed(1), and the bootstrap's sd of each
#   parameter in boot_sd, so that tests can allow Monte Carlo error)
#   seconds: median elapsed time of profile confint, Kenward-Roger summary, bootMer (timed once)
# For each comparison of COMPARE.json ({name, data, factors, reml, refit, formulas}), writes
# OUTPUT_DIR/compare_<name>.json: {"table": anova(m1, m2, ..., refit = refit)} with rows m1, m2, ...
suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(pbkrtest)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

args <- commandArgs(trailingOnly = TRUE)
cases <- fromJSON(args[[1]], simplifyVector = FALSE)
comparisons <- fromJSON(args[[2]], simplifyVector = FALSE)
data_dir <- args[[3]]
out_dir <- args[[4]]
only <- if (length(args) > 4) args[-(1:4)] else NULL

read_case_data <- function(path, factors) {
  data <- read.csv(file.path(data_dir, path), na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (column in unlist(factors)) data[[column]] <- factor(data[[column]])
  data
}

table_json <- function(x) {
  x <- as.data.frame(x, check.names = FALSE)
  cols <- lapply(names(x), function(n) I(unname(x[[n]])))  # I(): a one-row table keeps its lists
  names(cols) <- names(x)
  list(rows = I(rownames(x)), cols = cols)
}

timed <- function(f, reps = 3) {
  times <- vapply(seq_len(reps), function(i) system.time(f())[["elapsed"]], numeric(1))
  median(times)
}

attempt <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))

for (case in cases) {
  if (!is.null(only) && !(case$name %in% only)) next
  data <- read_case_data(case$data, case$factors)
  formula <- as.formula(case$formula)
  fit <- suppressMessages(suppressWarnings(lmerTest::lmer(formula, data = data, REML = case$reml)))
  out <- list(name = case$name, data = case$data, formula = case$formula, reml = case$reml,
              factors = case$factors, lme4_version = as.character(packageVersion("lme4")),
              lmerTest_version = as.character(packageVersion("lmerTest")),
              pbkrtest_version = as.character(packageVersion("pbkrtest")))
  out$coefficients_satterthwaite <- table_json(summary(fit, ddf = "Satterthwaite")$coefficients)
  out$coefficients_kenward_roger <- attempt(table_json(summary(fit, ddf = "Kenward-Roger")$coefficients))
  for (type in c(1, 2, 3)) {
    for (ddf in c("Satterthwaite", "Kenward-Roger")) {
      key <- paste0("anova_", type, "_", if (ddf == "Satterthwaite") "satterthwaite" else "kenward_roger")
      out[[key]] <- attempt(table_json(anova(fit, type = type, ddf = ddf)))
    }
  }
  out$confint_wald <- table_json(confint(fit, method = "Wald", oldNames = FALSE))
  out$confint_profile <- attempt(table_json(suppressWarnings(suppressMessages(
    confint(fit, method = "profile", oldNames = FALSE)))))
  seconds <- list(
    profile = timed(function() suppressWarnings(suppressMessages(confint(fit, method = "profile", oldNames = FALSE)))),
    kenward_roger = if (case$reml) timed(function() summary(fit, ddf = "Kenward-Roger")) else NULL,
    satterthwaite = timed(function() summary(fit, ddf = "Satterthwaite"))
  )
  if (!is.null(case$boot)) {
    set.seed(1)
    started <- proc.time()[["elapsed"]]
    ci <- suppressWarnings(suppressMessages(confint(fit, method = "boot", nsim = case$boot, oldNames = FALSE)))
    seconds$boot <- proc.time()[["elapsed"]] - started
    seconds$boot_nsim <- case$boot
    out$confint_boot <- table_json(ci)
    set.seed(2)
    boot_fun <- function(x) {  # confint's own bootFun: sd/cor/sigma in the profile's order, then fixef
      c(lme4:::Cv_to_Sv(x@theta, n = lengths(x@cnms), s = sigma(x)), fixef(x))
    }
    bb <- suppressWarnings(suppressMessages(bootMer(fit, boot_fun, nsim = 200)))
    out$boot_sd <- as.list(setNames(apply(bb$t, 2, sd), rownames(ci)))
  }
  out$seconds <- seconds
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
             file.path(out_dir, paste0(case$name, ".json")))
  cat("wrote", case$name, "\n")
}

for (cmp in comparisons) {
  if (!is.null(only) && !(paste0("compare_", cmp$name) %in% only)) next
  data <- read_case_data(cmp$data, cmp$factors)
  fits <- lapply(cmp$formulas, function(f) suppressMessages(suppressWarnings(
    lme4::lmer(as.formula(f), data = data, REML = cmp$reml))))
  names(fits) <- paste0("m", seq_along(fits))
  table <- do.call(anova, c(unname(fits), list(refit = cmp$refit)))
  rownames(table) <- names(fits)  # anova names them by the calls' variables
  out <- list(name = cmp$name, data = cmp$data, formulas = cmp$formulas, reml = cmp$reml, refit = cmp$refit,
              table = table_json(table))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
             file.path(out_dir, paste0("compare_", cmp$name, ".json")))
  cat("wrote compare_", cmp$name, "\n")
}
