// The top categories as labelled bars, best first.

import type { RankedPrediction } from '../../../src/serving/api-types';
import { useAppState } from '../app-state';
import { useI18n } from '../i18n';

export function PredictionBars({ predictions, label }: { predictions: RankedPrediction[]; label: string }) {
  const { categoryName, categoryPath } = useAppState();
  const { percent } = useI18n();
  return (
    <ol className="bars" aria-label={label}>
      {predictions.map((p, i) => (
        <li key={p.code} className={i === 0 ? 'best' : undefined}>
          <span className="bar-name">
            {categoryName(p.code)} <small>{categoryLabel(p, categoryPath(p.code))}</small>
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${Math.max(1, p.probability * 100)}%` }} />
          </span>
          <span className="bar-value">{percent(p.probability)}</span>
        </li>
      ))}
    </ol>
  );
}

/** What follows a category's name: its parents in a tree, its code where codes are what people know (Rakuten's). */
function categoryLabel(p: RankedPrediction, path: string[]): string {
  const parents = path.slice(0, -1).join(' > ');
  const code = p.id === undefined || p.id === String(p.code) ? `(${p.code})` : '';
  return [parents, code].filter(Boolean).join(' ');
}
