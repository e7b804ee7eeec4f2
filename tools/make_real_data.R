#!/usr/bin/env Rscript
# make_real_data.R — write the real data sets of the lme4_extra references as CSV files.
#
# Usage: Rscript tools/make_real_data.R tests/data/lme4_extra
#
# The data come with R packages (mlmRev 1.0-8): Exam (4,059 pupils in 65 schools), star (Tennessee's
# STAR class-size study: 26,796 scores of 11,598 pupils crossed with 1,387 teachers) and egsingle (7,230
# maths scores, years within 1,721 children within 60 schools), Early and ScotsSec, nlme 3.1's Orthodont,
# Oats and Machines, and lmerTest's carrots.
# Only the columns the references use are
# written. Factors are written as their labels, so read.csv + factor() in make_references.R recodes
# them alphabetically, as notation reads the CSV; STAR's ordered factor gr (K < 1 < 2 < 3) thus gets
# treatment contrasts against "1", not R's polynomial contrasts.

suppressPackageStartupMessages({
  library(mlmRev)
  library(nlme)
})

main <- function(arguments) {
  out <- if (length(arguments) >= 1) arguments[1] else "tests/data/lme4_extra"
  write <- function(frame, name) {
    utils::write.csv(frame, file.path(out, name), row.names = FALSE, na = "NA")
    cat(sprintf("%-16s %6d rows\n", name, nrow(frame)))
  }
  write(Exam[, c("school", "student", "normexam", "standLRT", "vr", "sex")], "exam.csv")
  write(star[, c("id", "tch", "sch", "gr", "cltype", "math")], "star.csv")
  write(egsingle[, c("schoolid", "childid", "year", "math")], "egsingle.csv")
  # nlme's grouped data, as plain data frames (their ordered factors become text: alphabetical levels)
  plain <- function(frame) {
    frame <- as.data.frame(frame)
    for (column in names(frame)) if (is.factor(frame[[column]])) frame[[column]] <- as.character(frame[[column]])
    frame
  }
  write(plain(Orthodont), "orthodont.csv")
  write(plain(Oats), "oats.csv")
  write(plain(Machines), "machines.csv")
  write(plain(Early), "early.csv")
  write(plain(ScotsSec), "scotssec.csv")
  write(plain(lmerTest::carrots), "carrots.csv")
}

main(commandArgs(trailingOnly = TRUE))
