#!/usr/bin/env Rscript
# make_references.R — fit lme4 reference models and write one JSON per fit.
#
# Usage:
#   Rscript tools/make_references.R MANIFEST.json OUTPUT_DIR [NAME ...]
#
# MANIFEST.json is a list of cases, each
#   {"name": "...", "data": "file.csv", "formula": "y ~ x + (1 | g)", "reml": true, "factors": ["g"]}
# where "data" is found in OUTPUT_DIR (the CSVs live next to the references they produce). Giving NAMEs
# refits only those cases. Each case becomes OUTPUT_DIR/<name>.json in the layout of the project's
# reference fits (shared/reference/*.json):
#   name, data, formula, reml, factors, criterion (REML criterion or ML deviance), loglik, aic, bic, nobs,
#   ngroups, fixef, se, df_satterthwaite, p_satterthwaite, vcov, theta, sigma,
#   varcorr (rows of as.data.frame(VarCorr(fit))), ranef {group: {levels, values: {term: [...]}}},
#   singular (isSingular), convergence (lme4's checkConv messages), warnings (every R warning the fit
#   raised, lmerTest's included), lme4_version, lme4_fit_seconds_median.
# Numbers are written with full precision (jsonlite digits = NA); NA becomes null.
#
# Reading: empty fields and "NA" are missing; columns named in "factors" are converted with factor(), so
# their levels sort alphabetically (C locale, so the order does not depend on the machine); every other
# column stays as read.csv types it. Rows with missing values are dropped by lmer's default na.omit, so
# "nobs" counts the rows actually used.
#
# Timing: lme4_fit_seconds_median is the median elapsed time of `reps` (default 7) calls of lme4::lmer()
# on the already-read data frame (no file reading, no lmerTest); one untimed warm-up call comes first.

suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

read_case_data <- function(path, factors) {
  data <- read.csv(path, na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (column in factors) data[[column]] <- factor(data[[column]])
  data
}

median_fit_seconds <- function(formula, data, reml, reps) {
  fit_once <- function() lme4::lmer(formula, data = data, REML = reml)
  suppressMessages(suppressWarnings(fit_once()))
  times <- vapply(seq_len(reps), function(i) {
    system.time(suppressMessages(suppressWarnings(fit_once())))[["elapsed"]]
  }, numeric(1))
  median(times)
}

named_list <- function(values, names) {
  stats::setNames(as.list(unname(values)), names)
}

varcorr_rows <- function(fit) {
  table <- as.data.frame(VarCorr(fit))
  lapply(seq_len(nrow(table)), function(i) {
    list(
      grp = table$grp[i],
      var1 = if (is.na(table$var1[i])) NULL else table$var1[i],
      var2 = if (is.na(table$var2[i])) NULL else table$var2[i],
      vcov = table$vcov[i],
      sdcor = table$sdcor[i]
    )
  })
}

ranef_values <- function(fit) {
  effects <- ranef(fit)
  lapply(effects, function(frame) {
    list(
      levels = I(rownames(frame)),
      values = lapply(as.list(frame), function(column) I(unname(column)))
    )
  })
}

reference_fit <- function(case, data_dir) {
  factors <- as.character(unlist(case$factors))
  data <- read_case_data(file.path(data_dir, case$data), factors)
  formula <- stats::as.formula(case$formula)
  reml <- isTRUE(case$reml)
  lme4_warnings <- character(0)
  fit <- withCallingHandlers(lmerTest::lmer(formula, data = data, REML = reml),
                             warning = function(w) {
                               lme4_warnings <<- c(lme4_warnings, conditionMessage(w))
                               invokeRestart("muffleWarning")
                             })
  optinfo <- fit@optinfo
  coefficients <- summary(fit)$coefficients
  beta <- fixef(fit)
  covariance <- as.matrix(vcov(fit))
  dimnames(covariance) <- NULL
  list(
    name = case$name,
    data = case$data,
    formula = case$formula,
    reml = reml,
    factors = I(factors),
    criterion = if (reml) unname(getME(fit, "devcomp")$cmp[["REML"]]) else deviance(fit),
    loglik = as.numeric(logLik(fit)),
    aic = AIC(fit),
    bic = BIC(fit),
    nobs = nobs(fit),
    ngroups = as.list(ngrps(fit)),
    fixef = named_list(beta, names(beta)),
    se = named_list(sqrt(diag(vcov(fit))), names(beta)),
    df_satterthwaite = named_list(coefficients[, "df"], rownames(coefficients)),
    p_satterthwaite = named_list(coefficients[, "Pr(>|t|)"], rownames(coefficients)),
    vcov = covariance,
    theta = unname(getME(fit, "theta")),
    sigma = sigma(fit),
    varcorr = varcorr_rows(fit),
    ranef = ranef_values(fit),
    singular = isSingular(fit),
    convergence = I(as.character(unlist(optinfo$conv$lme4$messages))),
    warnings = I(lme4_warnings),
    messages = I(as.character(unlist(fit@optinfo$message))),
    lme4_version = as.character(packageVersion("lme4")),
    lme4_fit_seconds_median = median_fit_seconds(formula, data, reml, if (is.null(case$reps)) 7 else case$reps)
  )
}

main <- function(arguments) {
  if (length(arguments) < 2) {
    stop("usage: Rscript tools/make_references.R MANIFEST.json OUTPUT_DIR [NAME ...]")
  }
  cases <- fromJSON(arguments[1], simplifyVector = FALSE)
  output_dir <- arguments[2]
  wanted <- arguments[-(1:2)]
  for (case in cases) {
    if (length(wanted) > 0 && !(case$name %in% wanted)) next
    reference <- reference_fit(case, output_dir)
    target <- file.path(output_dir, paste0(case$name, ".json"))
    writeLines(toJSON(reference, digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = 1),
               target)
    cat(sprintf("%-32s nobs %5d  fixef %-50s %.4f s\n", case$name, reference$nobs,
                paste(names(reference$fixef), collapse = ","), reference$lme4_fit_seconds_median))
  }
}

main(commandArgs(trailingOnly = TRUE))
