#!/usr/bin/env Rscript
# make_r2_references.R — Nakagawa's R² and the ICC of lme4 fits, by the formulas of MuMIn::r.squaredGLMM and
# performance::r2_nakagawa / icc for Gaussian LMMs (neither package is installed here, so they are written out):
#   varF = var(X β̂) (n − 1 denominator), varR = Σ_k mean(rowSums((Z_k Ψ_k) * Z_k)) over random terms (Johnson
#   2014: the mean of diag(Z_k Ψ_k Z_kᵀ)), varE = σ̂²; R²m = varF / (varF + varR + varE), R²c = (varF + varR) /
#   (varF + varR + varE); ICC adjusted = varR / (varR + varE), conditional = varR / (varF + varR + varE).
# Usage: Rscript tools/make_r2_references.R CASES.json DATA_DIR OUTPUT_JSON
suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = TRUE)
cases <- fromJSON(args[[1]], simplifyVector = FALSE)
out <- list()
for (case in cases) {
  data <- read.csv(file.path(args[[2]], case$data), na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (column in unlist(case$factors)) data[[column]] <- factor(data[[column]])
  fit <- suppressMessages(suppressWarnings(lmer(as.formula(case$formula), data = data, REML = case$reml)))
  varF <- var(as.vector(getME(fit, "X") %*% fixef(fit)))
  Z <- as.matrix(getME(fit, "Z"))
  Gp <- getME(fit, "Gp")  # term k's columns are Gp[k] + 1 … Gp[k + 1], level-major
  vc <- VarCorr(fit)
  varR <- 0
  for (k in seq_along(vc)) {
    Psi <- as.matrix(vc[[k]])
    q <- nrow(Psi)
    Zterm <- Z[, (Gp[k] + 1):Gp[k + 1], drop = FALSE]
    Zk <- matrix(0, nrow(Z), q)
    for (a in seq_len(q)) Zk[, a] <- rowSums(Zterm[, seq(a, ncol(Zterm), by = q), drop = FALSE])
    varR <- varR + mean(rowSums((Zk %*% Psi) * Zk))
  }
  varE <- sigma(fit)^2
  total <- varF + varR + varE
  out[[case$name]] <- list(formula = case$formula, reml = case$reml, var_fixed = varF, var_random = varR,
                           var_residual = varE, r2_marginal = varF / total, r2_conditional = (varF + varR) / total,
                           icc_adjusted = varR / (varR + varE), icc_conditional = varR / total)
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), args[[3]])
