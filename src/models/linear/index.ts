// Public door of the sparse linear models: LinearSVC, LogisticRegression, their calibration, loss and optimiser.

export { LinearSVC, LINEAR_SVC_DEFAULTS, type LinearSvcParams } from './linear-svc.js';
export { LogisticRegression, LOGISTIC_REGRESSION_DEFAULTS, type LogisticRegressionParams } from './logistic-regression.js';
export {
  fitCalibrator,
  calibratorFromJson,
  SigmoidCalibration,
  TemperatureCalibration,
  type Calibrator,
  type CalibrationMethod,
} from './calibration.js';
export { multinomialLoss, logSumExp, parameterCount, type MultinomialProblem } from './loss.js';
export { minimizeLbfgs, type Objective, type LbfgsOptions, type LbfgsResult, type LbfgsStop } from './lbfgs.js';
export { solveDualCd, rowSquaredNorms, type SvmLoss, type DualCdRows, type DualCdOptions, type DualCdResult } from './dual-cd.js';
export { linearScores, softmaxRows, type LinearWeights } from './linear-scores.js';
export type { ClassWeight } from './class-weight.js';
