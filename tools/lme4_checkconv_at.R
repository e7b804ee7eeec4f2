#!/usr/bin/env Rscript
# lme4_checkconv_at.R — lme4's convergence checks at a given θ (e.g. notation's optimum).
#
# Usage: Rscript tools/lme4_checkconv_at.R MANIFEST.json DATA_DIR NAME THETA1,THETA2,...
#
# Builds the case's deviance function (lmer(..., devFunOnly = TRUE)), takes lme4's finite-difference
# derivatives there (deriv12) and prints the messages of lme4's checkConv. tests/fitting/test_convergence.py
# holds what this printed at notation's optimum of exam_factor_slope_ml.

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

arguments <- commandArgs(trailingOnly = TRUE)
cases <- fromJSON(arguments[1], simplifyVector = FALSE)
case <- Filter(function(c) c$name == arguments[3], cases)[[1]]
data <- read.csv(file.path(arguments[2], case$data), na.strings = c("", "NA"), stringsAsFactors = FALSE)
for (column in as.character(unlist(case$factors))) data[[column]] <- factor(data[[column]])
deviance <- lmer(stats::as.formula(case$formula), data = data, REML = isTRUE(case$reml), devFunOnly = TRUE)
theta <- as.numeric(strsplit(arguments[4], ",")[[1]])
lower <- environment(deviance)$lower
derivs <- lme4:::deriv12(deviance, theta)
result <- suppressWarnings(lme4:::checkConv(derivs, theta, lmerControl()$checkConv, lower))
writeLines(toJSON(list(theta = theta, messages = I(as.character(unlist(result$messages)))), digits = NA,
                  auto_unbox = TRUE))
