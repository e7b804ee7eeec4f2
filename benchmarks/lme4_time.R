#!/usr/bin/env Rscript
# lme4_time.R — time lme4::lmer() in-process on one CSV, for benchmarks/fit_speed.py.
#
# Usage: Rscript benchmarks/lme4_time.R CSV FORMULA REML FACTORS REPS WARMUP
#   REML     TRUE or FALSE
#   FACTORS  comma-separated columns to convert with factor() ("" for none)
#   REPS     number of timed fits; WARMUP 1 for one untimed fit first, 0 for none
# Prints one JSON object on stdout: {"seconds": [...], "median": s, "nobs": n, "read_seconds": s}.
# Only lmer() is timed (elapsed time of system.time): reading the file and loading packages are not.
# The process's peak memory is measured by the caller, so it covers the whole R process.

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

read_data <- function(path, factors) {
  data <- if (requireNamespace("data.table", quietly = TRUE)) {
    as.data.frame(data.table::fread(path, na.strings = c("", "NA"), colClasses = list(character = factors)))
  } else {
    read.csv(path, na.strings = c("", "NA"), colClasses = stats::setNames(rep("character", length(factors)), factors))
  }
  for (column in factors) data[[column]] <- factor(data[[column]])
  data
}

arguments <- commandArgs(trailingOnly = TRUE)
if (length(arguments) != 6) stop("usage: Rscript lme4_time.R CSV FORMULA REML FACTORS REPS WARMUP")
factors <- Filter(nzchar, strsplit(arguments[4], ",", fixed = TRUE)[[1]])
read_seconds <- system.time(data <- read_data(arguments[1], factors))[["elapsed"]]
formula <- stats::as.formula(arguments[2])
reml <- as.logical(arguments[3])
reps <- as.integer(arguments[5])

fit_once <- function() suppressMessages(suppressWarnings(lmer(formula, data = data, REML = reml)))
if (arguments[6] == "1") fit <- fit_once()
seconds <- vapply(seq_len(reps), function(i) system.time(fit <<- fit_once())[["elapsed"]], numeric(1))
cat(toJSON(list(seconds = I(seconds), median = median(seconds), nobs = nobs(fit),
                read_seconds = read_seconds, criterion = if (reml) REMLcrit(fit) else deviance(fit)),
           auto_unbox = TRUE, digits = NA), "\n")
