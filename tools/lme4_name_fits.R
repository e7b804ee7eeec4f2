# lme4 1.1-31 fits whose names notation must give: what the user wrote stays written (I(Days - 4)),
# interactions in lme4's order (temp:recipeB), duplicate terms kept (Subject, Subject.1).
# Run from the repository root: Rscript tools/lme4_name_fits.R > tests/data/formulas/lme4_name_fits.json
suppressMessages({library(lme4); library(jsonlite); library(splines)})
read <- function(name, factors) {
  d <- read.csv(file.path("tests/data", paste0(name, ".csv")))
  for (f in factors) d[[f]] <- factor(d[[f]])
  d
}
cases <- list(
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ I(Days - 4) + (I(Days - 4) | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ log(Days + 1) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ scale(Days) + (1 | Subject) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ Days + offset(0.5 * Days) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ I(Days * 2) + I(2 * Days) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ Days | Subject"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ poly(Days, 2) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ ns(Days, 3) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ splines::bs(Days, df = 4) + (1 | Subject)"),
  list(data = "sleepstudy", factors = "Subject",
       formula = "Reaction ~ poly(Days, 3, raw = TRUE) + (poly(Days, 2) | Subject)"),
  list(data = "sleepstudy", factors = "Subject", formula = "Reaction ~ round(Days/3) + (Days || Subject)"),
  list(data = "cake", factors = c("recipe", "replicate"),
       formula = "angle ~ temp + recipe + recipe:temp + (1 | recipe:replicate)"),
  list(data = "penicillin", factors = c("plate", "sample"),
       formula = "diameter ~ (1 | plate) + (1 | plate) + (1 | sample)")
)
one <- function(case) {
  d <- read(case$data, case$factors)
  fit <- lmer(as.formula(case$formula), data = d, REML = TRUE)
  vc <- as.data.frame(VarCorr(fit))
  list(data = case$data, factors = I(case$factors), formula = case$formula,
       criterion = REMLcrit(fit), fixef = as.list(fixef(fit)),
       varcorr_grp = I(vc$grp), varcorr_var1 = I(ifelse(is.na(vc$var1), "", vc$var1)),
       varcorr_var2 = I(ifelse(is.na(vc$var2), "", vc$var2)), sdcor = I(vc$sdcor))
}
cat(toJSON(lapply(cases, one), auto_unbox = TRUE, pretty = TRUE, digits = NA))
