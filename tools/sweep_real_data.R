#!/usr/bin/env Rscript
# sweep_real_data.R — real data sets from R's packages, as CSV, with a manifest of lmer models to fit.
#
# Usage: Rscript tools/sweep_real_data.R OUTPUT_DIR
#        Rscript tools/make_references.R OUTPUT_DIR/manifest.json OUTPUT_DIR
#        .venv/bin/python tools/compare_sweep.py OUTPUT_DIR
#
# A robustness sweep, not test data: models a user would fit to the data sets of nlme, mlmRev, lme4,
# lmerTest and datasets — balanced and unbalanced, nested and crossed, factor slopes, singular fits,
# missing values, ordered factors (written as labels, so they are plain factors on both sides). Each
# case is fitted once by lme4 (reps = 1); compare_sweep.py fits the same CSV with notation and lists
# where the criterion is worse, the estimates differ or the warnings disagree.

suppressPackageStartupMessages({
  library(lme4)
  library(nlme)
  library(mlmRev)
  library(lmerTest)
  library(jsonlite)
})

plain <- function(frame) {
  frame <- as.data.frame(frame)
  for (column in names(frame)) {
    if (is.factor(frame[[column]])) frame[[column]] <- as.character(frame[[column]])
  }
  attr(frame, "formula") <- NULL
  frame
}

main <- function(arguments) {
  out <- arguments[1]
  dir.create(out, showWarnings = FALSE, recursive = TRUE)
  cases <- list()
  add <- function(frame, file, models, factors) {
    used <- unique(unlist(lapply(models, function(f) all.vars(stats::as.formula(f)))))
    frame <- plain(frame)[, intersect(names(frame), used), drop = FALSE]  # only the columns the models use
    utils::write.csv(frame, file.path(out, file), row.names = FALSE, na = "NA")
    for (name in names(models)) {
      reml <- !grepl("_ml$", name)
      cases[[length(cases) + 1]] <<- list(name = name, data = file, formula = models[[name]], reml = reml,
                                          factors = I(factors), reps = 1)
    }
  }
  add(Orthodont, "orthodont.csv", list(
    orthodont_sex_reml = "distance ~ age * Sex + (age | Subject)",
    orthodont_uncorrelated_ml = "distance ~ age + Sex + (age || Subject)"), c("Subject", "Sex"))
  add(Oxboys, "oxboys.csv", list(oxboys_quadratic_reml = "height ~ age + I(age^2) + (age | Subject)"),
      c("Subject"))
  add(Rail, "rail.csv", list(rail_reml = "travel ~ 1 + (1 | Rail)"), c("Rail"))
  add(Machines, "machines.csv", list(
    machines_interaction_reml = "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)",
    machines_factor_slope_reml = "score ~ Machine + (0 + Machine | Worker)"), c("Worker", "Machine"))
  add(Oats, "oats.csv", list(oats_nested_reml = "yield ~ nitro + Variety + (1 | Block/Variety)"),
      c("Block", "Variety"))
  add(Pixel, "pixel.csv", list(pixel_reml = "pixel ~ day + I(day^2) + Side + (day | Dog) + (1 | Dog:Side)"),
      c("Dog", "Side"))
  add(BodyWeight, "bodyweight.csv", list(bodyweight_reml = "weight ~ Time * Diet + (Time | Rat)"),
      c("Rat", "Diet"))
  add(Ovary, "ovary.csv", list(ovary_reml = "follicles ~ sin(2 * pi * Time) + cos(2 * pi * Time) + (1 | Mare)"),
      c("Mare"))
  add(Wafer, "wafer.csv", list(wafer_reml = "current ~ voltage + I(voltage^2) + (voltage | Wafer/Site)"),
      c("Wafer", "Site"))
  add(ergoStool, "ergostool.csv", list(ergostool_ml = "effort ~ Type + (1 | Subject)"), c("Subject", "Type"))
  add(MathAchieve, "mathachieve.csv", list(
    mathach_reml = "MathAch ~ SES * Sex + Minority + MEANSES + (SES | School)"), c("School", "Sex", "Minority"))
  add(Alfalfa, "alfalfa.csv", list(alfalfa_reml = "Yield ~ Date * Variety + (1 | Block) + (1 | Block:Variety)"),
      c("Block", "Variety", "Date"))
  add(Assay, "assay.csv", list(assay_reml = "logDens ~ sample * dilut + (1 | Block) + (1 | Block:sample)"),
      c("Block", "sample", "dilut"))
  add(Spruce, "spruce.csv", list(spruce_reml = "logSize ~ days * plot + (days | Tree)"), c("Tree", "plot"))
  add(Soybean, "soybean.csv", list(soybean_reml = "log(weight) ~ Time * Variety + (Time | Plot)"),
      c("Plot", "Variety"))
  add(Loblolly, "loblolly.csv", list(loblolly_ml = "height ~ age + I(age^2) + (age | Seed)"), c("Seed"))
  add(CO2, "co2.csv", list(co2_reml = "uptake ~ log(conc) * Treatment + Type + (log(conc) | Plant)"),
      c("Plant", "Treatment", "Type"))
  add(ChickWeight, "chickweight.csv", list(
    chick_reml = "weight ~ Time * Diet + (Time | Chick)",
    chick_shifted_ml = "weight ~ Time + (I(Time + 100) | Chick)"), c("Chick", "Diet"))
  add(Hsb82, "hsb82.csv", list(hsb82_reml = "mAch ~ meanses * cses + sector + (cses | school)"),
      c("school", "sector"))
  add(Exam, "exam_full.csv", list(
    exam_intercepts_ml = "normexam ~ standLRT + sex + schgend + (1 | school)",
    exam_slope_reml = "normexam ~ standLRT * schavg + (standLRT | school)"), c("school", "sex", "schgend"))
  add(ScotsSec, "scotssec.csv", list(scots_crossed_reml = "attain ~ verbal * sex + (1 | primary) + (1 | second)"),
      c("primary", "second", "sex"))
  add(Chem97, "chem97.csv", list(chem97_reml = "score ~ gcsecnt + (1 | school) + (1 | lea)"),
      c("school", "lea"))
  add(bdf, "bdf.csv", list(bdf_reml = "langPOST ~ IQ.verb + sex + ses + (IQ.verb | schoolNR)"),
      c("schoolNR", "sex"))
  add(Early, "early_full.csv", list(early_ml = "cog ~ age * trt + (age | id)"), c("id", "trt"))
  add(Penicillin, "penicillin_full.csv", list(penicillin_ml = "diameter ~ 1 + (1 | plate) + (1 | sample)"),
      c("plate", "sample"))
  add(cake, "cake_full.csv", list(cake_ml = "angle ~ recipe * temperature + (1 | recipe:replicate)"),
      c("recipe", "replicate", "temperature"))
  add(ham, "ham.csv", list(ham_reml = "Informed.liking ~ Product * Information + (1 | Consumer) + (1 | Product:Consumer)"),
      c("Consumer", "Product", "Information"))
  add(TVbo, "tvbo.csv", list(tvbo_reml = "Sharpnessofmovement ~ TVset * Picture + (1 | Assessor) + (1 | Assessor:TVset)"),
      c("Assessor", "TVset", "Picture"))
  writeLines(toJSON(cases, auto_unbox = TRUE, pretty = TRUE), file.path(out, "manifest.json"))
  cat(length(cases), "cases in", file.path(out, "manifest.json"), "\n")
}

main(commandArgs(trailingOnly = TRUE))
