// A model's training curves (loss and scores per epoch, neural models) and its hyperparameter search history (where a tune log exists).

import { useMemo } from 'react';
import type { TrainingCurves, TuneHistory } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { XYChart, type XYSeries } from './xy-chart';

export function CurvesChart({ curves }: { curves: TrainingCurves }) {
  const { t, number } = useI18n();
  // Loss on the left, scores on the right; learning rates and seconds would only flatten the picture.
  const shown = useMemo(() => curves.series.filter((s) => s.kind !== 'other'), [curves]);
  const series = useMemo<XYSeries[]>(
    () => shown.map((s) => ({ name: s.name, kind: 'line', right: s.kind === 'metric', points: curves.epochs.map((epoch, i) => ({ x: epoch, y: s.values[i] })) })),
    [curves, shown],
  );
  return (
    <XYChart
      title={t('models.curves')}
      note={curves.bestEpoch === null ? undefined : t('models.bestEpoch', { n: curves.bestEpoch })}
      testId="training-curves"
      series={series}
      axes={{ x: t('models.epoch'), y: t('models.loss'), yRight: t('models.score'), markX: curves.bestEpoch === null ? undefined : { value: curves.bestEpoch, label: t('models.kept') } }}
      table={{
        columns: [t('models.epoch'), ...shown.map((s) => s.name)],
        rows: curves.epochs.map((epoch, i) => [String(epoch), ...shown.map((s) => (s.values[i] === null ? '—' : { text: number(s.values[i]!, 4), value: s.values[i]! }))]),
      }}
    />
  );
}

export function TuneChart({ tune }: { tune: TuneHistory }) {
  const { t, number } = useI18n();
  const series = useMemo<XYSeries[]>(() => {
    const better = (a: number, b: number) => (tune.direction === 'maximize' ? a > b : a < b);
    let best: number | null = null;
    const running = tune.trials.map((trial) => {
      if (trial.value !== null && trial.state === 'complete' && (best === null || better(trial.value, best))) best = trial.value;
      return { x: trial.number, y: best };
    });
    return [
      { name: t('models.trial'), kind: 'scatter', points: tune.trials.filter((x) => x.value !== null).map((x) => ({ x: x.number, y: x.value })) },
      { name: t('models.bestSoFar'), kind: 'line', step: true, points: running },
    ];
  }, [tune, t]);
  return (
    <XYChart
      title={t('models.tune')}
      note={tune.metric ?? undefined}
      testId="tune-history"
      series={series}
      axes={{ x: t('models.trial'), y: tune.metric ?? t('models.score') }}
      table={{
        columns: [t('models.trial'), t('models.score'), t('models.state'), t('models.seconds'), t('models.params')],
        rows: tune.trials.map((x) => [
          String(x.number),
          x.value === null ? '—' : { text: number(x.value, 4), value: x.value },
          x.state,
          x.seconds === null ? '—' : { text: number(x.seconds, 1), value: x.seconds },
          Object.entries(x.params).map(([k, v]) => `${k}=${typeof v === 'number' ? number(v, 4) : JSON.stringify(v)}`).join(', '),
        ]),
      }}
    />
  );
}
