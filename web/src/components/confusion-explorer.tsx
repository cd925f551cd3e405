// A model's confusions: the matrix with category names up to MAX_MATRIX categories, the largest confusions always; a click on
// a cell or a confusion lists the validation products behind it.

import { useCallback, useMemo, useState } from 'react';
import type { ModelDetails } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { HeatmapChart } from './heatmap-chart';

interface Cell {
  truth: number;
  predicted: number;
}

/** Past this many categories a matrix is unreadable: the largest confusions are listed instead. */
const MAX_MATRIX = 40;

export function ConfusionExplorer({ model }: { model: ModelDetails }) {
  const { t, lang, number, percent } = useI18n();
  const [cell, setCell] = useState<Cell | null>(null);
  const [depth, setDepth] = useState(1);
  const byDepth = model.confusionsByDepth?.find((d) => d.depth === depth) ?? null;
  const confusion = model.confusion && model.confusion.labels.length <= MAX_MATRIX ? model.confusion : null;
  const names = useMemo(() => new Map(model.perClass.map((c) => [c.code, lang === 'fr' ? c.nameFr : c.name])), [model, lang]);
  const nameOf = useCallback((code: number) => names.get(code) ?? String(code), [names]);
  const onSelect = useCallback((row: number, column: number) => confusion && setCell({ truth: confusion.labels[row], predicted: confusion.labels[column] }), [confusion]);
  const products = useMemo(() => (cell ? model.misclassified.filter((m) => m.truth === cell.truth && m.predicted === cell.predicted) : []), [cell, model]);
  const count = !cell
    ? 0
    : confusion
      ? confusion.counts[confusion.labels.indexOf(cell.truth)][confusion.labels.indexOf(cell.predicted)]
      : (model.topConfusions.find((c) => c.truth === cell.truth && c.predicted === cell.predicted)?.count ?? 0);

  return (
    <div className="confusion">
      {confusion && (
        <HeatmapChart
          title={t('models.confusion')}
          note={t('models.confusionNote')}
          testId="confusion-chart"
          names={confusion.labels.map(nameOf)}
          counts={confusion.counts}
          columns={[t('models.truth'), t('models.predicted'), t('charts.products')]}
          onSelect={onSelect}
        />
      )}
      {model.topConfusions.length > 0 && (
        <>
          <h3>{t('models.topConfusions')}</h3>
          <ul className="top-confusions" data-testid="top-confusions">
            {model.topConfusions.slice(0, confusion ? 8 : 20).map((c) => (
              <li key={`${c.truth}-${c.predicted}`}>
                <button type="button" className="secondary" onClick={() => setCell({ truth: c.truth, predicted: c.predicted })}>
                  {t('models.confusionItem', { truth: nameOf(c.truth), predicted: nameOf(c.predicted), n: c.count, share: percent(c.shareOfTruth) })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {(model.confusionsByDepth?.length ?? 0) > 0 && (
        <section data-testid="confusions-by-depth">
          <h3>
            <label>
              {t('models.confusionsAtDepth')}{' '}
              <select value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
                {model.confusionsByDepth.map((d) => (
                  <option key={d.depth} value={d.depth}>
                    {d.depth}
                  </option>
                ))}
              </select>
            </label>
          </h3>
          {byDepth && byDepth.confusions.length > 0 ? (
            <ul className="top-confusions">
              {byDepth.confusions.map((c) => (
                <li key={`${c.truth}-${c.predicted}`}>{t('models.confusionItem', { truth: c.truthName, predicted: c.predictedName, n: c.count, share: percent(c.shareOfTruth) })}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('models.noConfusionAtDepth')}</p>
          )}
        </section>
      )}
      <section className="misclassified" data-testid="misclassified" aria-live="polite">
        {cell === null ? (
          <p className="muted">{t('models.pickCell')}</p>
        ) : (
          <>
            <h3>{t(cell.truth === cell.predicted ? 'models.cellRight' : 'models.cellWrong', { truth: nameOf(cell.truth), predicted: nameOf(cell.predicted), n: number(count) })}</h3>
            {cell.truth === cell.predicted ? null : products.length === 0 ? (
              <p className="muted">{t('models.noProducts')}</p>
            ) : (
              <>
                {products.length < count && <p className="muted small">{t('models.mostConfident', { k: products.length, n: count })}</p>}
                <ul>
                  {products.map((p) => (
                    <li key={p.index}>
                      {p.designation ?? t('models.unnamed', { index: p.index })} <span className="muted">— {t('models.sureAt', { p: percent(p.confidence) })}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}
