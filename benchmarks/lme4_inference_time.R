#!/usr/bin/env Rscript
# lme4_inference_time.R — time lme4/lmerTest/pbkrtest inference in-process, for benchmarks/inference_speed.py.
#
# Usage: Rscript benchmarks/lme4_inference_time.R CSV FORMULA FACTORS TASK REPS [NSIM]
#   TASK  profile (confint(fit, method = "profile")), boot (confint(fit, method = "boot", nsim = NSIM)),
#         kenward_roger (summary(fit, ddf = "Kenward-Roger")), satterthwaite (summary(fit, ddf = "Satterthwaite"))
# Prints one JSON object: {"seconds": [...], "median": s}. The REML fit is made once, untimed.
suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(pbkrtest)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
arguments <- commandArgs(trailingOnly = TRUE)
factors <- Filter(nzchar, strsplit(arguments[3], ",", fixed = TRUE)[[1]])
data <- read.csv(arguments[1], na.strings = c("", "NA"), stringsAsFactors = FALSE)
for (column in factors) data[[column]] <- factor(data[[column]])
fit <- suppressMessages(suppressWarnings(lmerTest::lmer(as.formula(arguments[2]), data = data)))
task <- arguments[4]
reps <- as.integer(arguments[5])
nsim <- if (length(arguments) > 5) as.integer(arguments[6]) else 1000L
run <- switch(task,
  profile = function() suppressMessages(suppressWarnings(confint(fit, method = "profile", oldNames = FALSE))),
  boot = function() { set.seed(1); suppressMessages(suppressWarnings(confint(fit, method = "boot", nsim = nsim))) },
  kenward_roger = function() summary(fit, ddf = "Kenward-Roger"),
  satterthwaite = function() summary(fit, ddf = "Satterthwaite"),
  stop("unknown task ", task))
seconds <- vapply(seq_len(reps), function(i) system.time(run())[["elapsed"]], numeric(1))
cat(toJSON(list(seconds = I(seconds), median = median(seconds)), auto_unbox = TRUE, digits = NA), "\n")
