// A tree model's per-depth thresholds on the Models page: per target precision, where products are filed (leaf, parent, top, review) and how rightly.

import type { ModelDetails } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';

export function DepthThresholdsView({ record }: { record: NonNullable<ModelDetails['depthThresholds']> }) {
  const { t, number, percent } = useI18n();
  const maybe = (v: number | null, f: (v: number) => string) => (v === null ? '—' : f(v));
  return (
    <div data-testid="depth-thresholds">
      <h4>{t('models.depthTitle')}</h4>
      <p className="muted small">{t('models.depthExplain', { source: record.source })}</p>
      <div className="table-scroll">
      <table className="numbers">
        <thead>
          <tr>
            <th>{t('models.depthTarget')}</th>
            <th>{t('models.depthDepth')}</th>
            <th>{t('models.depthThreshold')}</th>
            <th>{t('models.depthShare')}</th>
            <th>{t('models.depthPrecision')}</th>
          </tr>
        </thead>
        <tbody>
          {record.targets.flatMap((target) => [
            ...[...target.depths].reverse().map((d) => (
              <tr key={`${target.targetPrecision}-${d.depth}`} data-depth={d.depth}>
                <td>{percent(target.targetPrecision)}</td>
                <td>{d.depth}</td>
                <td title={d.vouched === false ? t('models.depthFallback') : undefined}>
                  {maybe(d.threshold, (v) => number(v, 3))}
                  {d.vouched === false && ' *'}
                </td>
                <td>{percent(d.share)}</td>
                <td>{maybe(d.precision, percent)}</td>
              </tr>
            )),
            <tr key={`${target.targetPrecision}-review`} className="muted">
              <td>{percent(target.targetPrecision)}</td>
              <td>{t('models.depthReviewed')}</td>
              <td />
              <td>{percent(target.reviewed)}</td>
              <td>{t('models.depthOverall', { precision: maybe(target.precision, percent) })}</td>
            </tr>,
          ])}
        </tbody>
      </table>
      </div>
    </div>
  );
}
