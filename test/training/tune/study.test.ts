import { describe, expect, it } from 'vitest';
import { registerModelKind } from '../../../src/models/model-kinds.js';
import '../../../src/models/registrations.js';
import { runStudy } from '../../../src/training/tune/study.js';
import { syntheticProducts } from '../../helpers/synthetic-text.js';

const data = syntheticProducts(12, 7);

describe('runStudy', () => {
  it('runs the trials on the kind\'s declared space, records each and keeps the best as nested params', async () => {
    const seen: number[] = [];
    const study = await runStudy({ kind: 'naive-bayes', data, trials: 6, cv: 3, seed: 1, sampler: 'tpe', pruning: true, onTrial: (t) => void seen.push(t.number) });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(study.trials).toHaveLength(6);
    expect(Object.keys(study.space)).toEqual(['classifier.alpha', 'classifier.norm']);
    const complete = study.trials.filter((t) => t.state === 'complete');
    expect(complete.length).toBeGreaterThan(0);
    for (const t of complete) expect(t.foldScores).toHaveLength(3);
    expect(study.best!.value).toBe(Math.max(...complete.map((t) => t.value!)));
    expect(study.bestParams).toEqual({ classifier: { alpha: study.best!.values['classifier.alpha'], norm: study.best!.values['classifier.norm'] } });
  });

  it('is reproducible for a seed, and merges the sampled values over the base parameters', async () => {
    const run = () => runStudy({ kind: 'naive-bayes', data, trials: 3, cv: 2, seed: 9, sampler: 'random', pruning: false, baseParams: { features: { titleRepeat: 2 } } });
    const [a, b] = [await run(), await run()];
    expect(a.trials.map((t) => [t.values, t.value])).toEqual(b.trials.map((t) => [t.values, t.value]));
    expect(a.bestParams!.features).toEqual({ titleRepeat: 2 });
  });

  it('records failed trials and goes on; refuses kinds without a space', async () => {
    registerModelKind({
      name: 'test-no-space',
      description: 'a kind with nothing to tune',
      modalities: ['text'],
      create: () => {
        throw new Error('never built');
      },
    });
    await expect(runStudy({ kind: 'test-no-space', data, trials: 1, cv: 2, seed: 1, sampler: 'tpe', pruning: false })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    const study = await runStudy({
      kind: 'naive-bayes',
      data,
      trials: 2,
      cv: 2,
      seed: 1,
      sampler: 'random',
      pruning: false,
      space: { 'classifier.alpha': { type: 'float', low: -2, high: -1 } },
    });
    expect(study.trials.every((t) => t.state === 'failed' && t.error?.includes('INVALID_PARAM'))).toBe(true);
    expect(study.best).toBeNull();
  });
});
