import type { ScopeModel } from './abstention.ts';

/**
 * The abstention model, written by `node eval/fit-abstention.ts --write` (do not edit by hand):
 * fitted on the development sets (499 questions), penalty 0.001 and threshold chosen by
 * 5-fold cross-validation.
 */
export const SCOPE_MODEL: ScopeModel = {
  "features": [
    "coverage",
    "bestCoverage",
    "unknownShare",
    "largestMissing",
    "conceptShare",
    "asideShare",
    "rareMissing",
    "headMatched",
    "logTerms",
    "margin",
    "pairs"
  ],
  "mean": [
    0.837049,
    0.769183,
    0.135452,
    0.11788,
    0.541426,
    0.023257,
    0.111645,
    0.825651,
    1.406057,
    0.746896,
    0.25294
  ],
  "scale": [
    0.25595,
    0.278232,
    0.244763,
    0.178864,
    0.37406,
    0.095197,
    0.195954,
    0.379409,
    0.372869,
    1.003313,
    0.347787
  ],
  "weights": [
    -1.013801,
    1.662307,
    -1.063238,
    0.175368,
    1.422358,
    0.658259,
    -0.659765,
    -0.115607,
    -0.575285,
    0.161061,
    0.337022
  ],
  "bias": 2.333623,
  "threshold": 0.262832
};
