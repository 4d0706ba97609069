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
    0.837924,
    0.769077,
    0.135104,
    0.117342,
    0.542421,
    0.018912,
    0.111242,
    0.825651,
    1.406057,
    0.74796,
    0.25294
  ],
  "scale": [
    0.255643,
    0.278241,
    0.244661,
    0.178614,
    0.373524,
    0.07505,
    0.196004,
    0.379409,
    0.372869,
    1.006157,
    0.347787
  ],
  "weights": [
    -1.09136,
    1.69814,
    -1.017882,
    0.172384,
    1.408602,
    0.467336,
    -0.748357,
    -0.087525,
    -0.42011,
    0.148097,
    0.325663
  ],
  "bias": 2.266429,
  "threshold": 0.237703
};
