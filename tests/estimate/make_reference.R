# Reference values from R survey for tests/estimate (run: Rscript make_reference.R DATA.csv OUT.csv).
# Every case is named; the Python tests compute the same case with perthyn.estimate and compare
# estimate, se and deff to 1e-9 relative. Regenerate the committed file with:
#   Rscript tests/estimate/make_reference.R tests/estimate/data/survey.csv tests/estimate/data/reference.csv
suppressMessages(library(survey))
paths <- commandArgs(trailingOnly = TRUE)
d <- read.csv(paths[1], stringsAsFactors = FALSE)
out <- list()

keep <- function(case, b, by, est, se, deff = NULL) {
  key <- do.call(paste, c(lapply(by, function(v) as.character(b[[v]])), sep = "|"))
  out[[length(out) + 1]] <<- data.frame(case = case, domain = key, estimate = est, se = se,
                                          deff = if (is.null(deff)) NA_real_ else deff)
}
byfun <- function(case, f, by, design, FUN, ...) {
  b <- svyby(f, as.formula(paste("~", paste(by, collapse = "+"))), design, FUN, na.rm = TRUE, ...)
  est <- coef(b); v <- SE(b)
  dcol <- grep("^DEff", names(b), value = TRUE)
  keep(case, b, by, as.vector(est), as.vector(v), if (length(dcol)) b[[dcol[1]]] else NULL)
}
gapfun <- function(case, design, by = "area") {
  # The gap 1 - 0 in g within each area, with the covariance of the two means: svycontrast on
  # svyby(covmat=TRUE), one area at a time (a whole-table svyby would drop, for every area, the
  # replicates in which any other area vanishes). subset() keeps the design (all PSUs count).
  for (a in sort(unique(d[[by]]))) {
    sub <- subset(design, d[[by]] == a & !is.na(d$y))
    if (length(unique(d$g[d[[by]] == a & !is.na(d$y)])) < 2) next
    b <- suppressWarnings(svyby(~y, ~g, sub, svymean, covmat = TRUE))
    s <- svycontrast(b, c("1" = 1, "0" = -1))
    out[[length(out) + 1]] <<- data.frame(case = case, domain = a, estimate = as.vector(coef(s)),
                                            se = sqrt(as.numeric(vcov(s))), deff = NA_real_)
  }
}

options(survey.lonely.psu = "fail")
des <- svydesign(ids = ~psu, strata = ~stratum2, weights = ~w, data = d)
byfun("mean_area", ~y, "area", des, svymean, deff = "replace")
byfun("mean_area_sex", ~y, c("area", "sex"), des, svymean, deff = "replace")
byfun("mean_area_wor", ~y, "area", des, svymean, deff = TRUE)
byfun("prop_emp_area", ~emp, "area", des, svymean, deff = "replace")
byfun("ratio_unemp_area", ~unemp, "area", des, svyratio, denominator = ~active, deff = "replace")
byfun("total_y_area", ~y, "area", des, svytotal, deff = "replace")
gapfun("gap_y_area", des)
byfun("where_female_mean_area", ~y, "area", subset(des, sex == "F"), svymean)
byfun("prop_expr_area", ~I(as.numeric(y > 10)), "area", des, svymean)
m <- svymean(~y, des, na.rm = TRUE, deff = "replace")
out[[length(out) + 1]] <- data.frame(case = "mean_all", domain = "", estimate = unname(coef(m)),
                                     se = sqrt(as.numeric(vcov(m))), deff = as.numeric(deff(m)))
ci <- svyciprop(~emp, des, method = "logit", level = 0.9, df = degf(des))
out[[length(out) + 1]] <- data.frame(case = "logit_ci_emp", domain = c("low", "high"),
                                     estimate = as.vector(confint(ci)), se = NA_real_, deff = NA_real_)

fdes <- svydesign(ids = ~psu, strata = ~stratum2, weights = ~w, fpc = ~fpc, data = d)
byfun("fpc_mean_area", ~y, "area", fdes, svymean)
byfun("fpc_ratio_area", ~unemp, "area", fdes, svyratio, denominator = ~active)

for (policy in c("adjust", "average")) {
  options(survey.lonely.psu = policy)
  sdes <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
  byfun(paste0(policy, "_mean_area"), ~y, "area", sdes, svymean)
  byfun(paste0(policy, "_ratio_area"), ~unemp, "area", sdes, svyratio, denominator = ~active)
  gapfun(paste0(policy, "_gap_area"), sdes)
}
options(survey.lonely.psu = "fail")

nopsu <- svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = d)
byfun("nopsu_mean_area", ~y, "area", nopsu, svymean, deff = "replace")

reps <- list(JK1 = list(pat = "^jk[0-9]+$", type = "JK1", rho = NULL),
             BRR = list(pat = "^brr[0-9]+$", type = "BRR", rho = NULL),
             Fay = list(pat = "^fay[0-9]+$", type = "Fay", rho = 0.5),
             bootstrap = list(pat = "^boot[0-9]+$", type = "bootstrap", rho = NULL))
for (name in names(reps)) {
  r <- reps[[name]]
  cols <- grep(r$pat, names(d), value = TRUE)
  args <- list(data = d, weights = ~w, repweights = d[, cols], type = r$type, combined.weights = TRUE)
  if (!is.null(r$rho)) args$rho <- r$rho
  if (r$type == "JK1") args$scale <- (length(cols) - 1) / length(cols)
  rdes <- suppressWarnings(do.call(svrepdesign, args))
  suppressWarnings(byfun(paste0("rep_", name, "_mean_area"), ~y, "area", rdes, svymean))
  suppressWarnings(byfun(paste0("rep_", name, "_ratio_area"), ~unemp, "area", rdes, svyratio, denominator = ~active))
  suppressWarnings(gapfun(paste0("rep_", name, "_gap_area"), rdes))
}
args <- list(data = d, weights = ~w, repweights = d[, grep("^boot[0-9]+$", names(d))], type = "bootstrap",
             combined.weights = TRUE, mse = TRUE)
mdes <- do.call(svrepdesign, args)
byfun("rep_bootmse_mean_area", ~y, "area", mdes, svymean)

res <- do.call(rbind, out)
num <- c("estimate", "se", "deff")
for (v in num) res[[v]] <- ifelse(is.na(res[[v]]), "", sprintf("%.17g", res[[v]]))
write.csv(res, paths[2], row.names = FALSE, quote = TRUE)
