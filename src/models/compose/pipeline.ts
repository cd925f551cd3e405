// A chain of named transformers ending in a classifier, itself a classifier (scikit-learn's Pipeline).

import type { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { Classifier, Estimator, EstimatorState, FitOptions, Labels, Transformer } from '../../core/estimator.js';
import { warmUp } from '../../core/estimator.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';

export type AnyTransformer = Transformer<unknown, unknown>;
export type AnyClassifier = Classifier<unknown>;
export type PipelineStep = readonly [name: string, estimator: AnyTransformer | AnyClassifier];

const STEP_NAME = /^[a-z][a-z0-9-]*$/;

function isTransformer(e: Estimator): e is AnyTransformer {
  return typeof (e as Partial<AnyTransformer>).transform === 'function';
}

function isClassifier(e: Estimator): e is AnyClassifier {
  return typeof (e as Partial<AnyClassifier>).predictProba === 'function';
}

/**
 * `steps[0..n-2]` transform the input in turn; `steps[n-1]` classifies the result.
 * Step names must be unique lower-case identifiers so they can key saved state and error messages.
 */
export class Pipeline<X> implements Classifier<X> {
  readonly kind: string = 'pipeline';
  readonly steps: readonly PipelineStep[];
  /** Each step's kind and (frozen) hyperparameters, by step name. */
  readonly params: Readonly<Record<string, { kind: string; params: unknown }>>;

  /** @throws ProdclassError INVALID_PARAM naming the offending step. */
  constructor(steps: readonly PipelineStep[]) {
    if (steps.length === 0) throw new ProdclassError('INVALID_PARAM', 'pipeline: needs at least one step (the classifier)');
    const seen = new Set<string>();
    steps.forEach(([name, estimator], i) => {
      if (!STEP_NAME.test(name)) {
        throw new ProdclassError('INVALID_PARAM', `pipeline: step ${i} name "${name}" must match ${STEP_NAME} (lower-case letters, digits, dashes)`);
      }
      if (seen.has(name)) throw new ProdclassError('INVALID_PARAM', `pipeline: step name "${name}" is used twice`);
      seen.add(name);
      const last = i === steps.length - 1;
      if (last && !isClassifier(estimator)) {
        throw new ProdclassError('INVALID_PARAM', `pipeline: last step "${name}" (${estimator.kind}) must be a classifier`);
      }
      if (!last && !isTransformer(estimator)) {
        throw new ProdclassError('INVALID_PARAM', `pipeline: step "${name}" (${estimator.kind}) must be a transformer (it is not the last step)`);
      }
    });
    this.steps = Object.freeze([...steps]);
    this.params = Object.freeze(Object.fromEntries(steps.map(([name, e]) => [name, Object.freeze({ kind: e.kind, params: e.params })])));
  }


  get isFitted(): boolean {
    return this.steps.every(([, e]) => e.isFitted);
  }

  get classes(): Int32Array {
    return this.classifier.classes;
  }

  get classifier(): AnyClassifier {
    return this.steps[this.steps.length - 1][1] as AnyClassifier;
  }

  /** The estimator of the named step. @throws ProdclassError INVALID_PARAM for an unknown name. */
  step<E extends Estimator = Estimator>(name: string): E {
    const found = this.steps.find(([n]) => n === name);
    if (!found) throw new ProdclassError('INVALID_PARAM', `pipeline: no step named "${name}" (steps: ${this.steps.map(([n]) => n).join(', ')})`);
    return found[1] as unknown as E;
  }

  async fit(x: X, y: Labels, options?: FitOptions): Promise<this> {
    warmUp(this.classifier);
    let current: unknown = x;
    for (const [, estimator] of this.steps.slice(0, -1)) current = await (estimator as AnyTransformer).fitTransform(current, { ...options, y });
    await this.classifier.fit(current, y, options);
    return this;
  }

  /** The input as the classifier sees it (all transformers applied). */
  transform(x: X): unknown {
    let current: unknown = x;
    for (const [, estimator] of this.steps.slice(0, -1)) current = (estimator as AnyTransformer).transform(current);
    return current;
  }

  predictProba(x: X): DenseMatrix | Promise<DenseMatrix> {
    return this.classifier.predictProba(this.transform(x));
  }

  predict(x: X): Labels | Promise<Labels> {
    return this.classifier.predict(this.transform(x));
  }

  getState(): EstimatorState {
    return {
      kind: this.kind,
      params: {},
      fitted: { steps: this.steps.map(([name]) => name) },
      arrays: {},
      children: Object.fromEntries(this.steps.map(([name, e]) => [name, e.getState()])),
    };
  }

  static fromState(state: EstimatorState): Pipeline<unknown> {
    const names = state.fitted.steps as string[];
    return new Pipeline<unknown>(
      names.map((name) => {
        const child = state.children?.[name];
        if (!child) throw new ProdclassError('MODEL_CORRUPT', `pipeline: saved state lacks step "${name}"`);
        return [name, estimatorFromState<AnyTransformer | AnyClassifier>(child)] as const;
      }),
    );
  }
}

registerEstimator('pipeline', (state) => Pipeline.fromState(state));
