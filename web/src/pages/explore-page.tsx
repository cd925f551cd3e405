// Explore: the server's data in charts (classes, missing descriptions, lengths, languages, duplicates, photos), and any category up close.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AnalysisPending, DatasetAnalysis, DetectedLanguage } from '../../../src/serving/api-types';
import { api } from '../api';
import { BarChart, type Bar } from '../components/bar-chart';
import { CategoryDetail } from '../components/category-detail';
import { DuplicatesTable } from '../components/duplicates-table';
import { HistogramChart } from '../components/histogram-chart';
import { StackedBarChart } from '../components/stacked-bar-chart';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { markData, useRenderTiming } from '../render-timing';

const LANGUAGE_KEYS: Record<DetectedLanguage, MessageKey> = {
  fr: 'explore.lang.fr',
  en: 'explore.lang.en',
  de: 'explore.lang.de',
  es: 'explore.lang.es',
  it: 'explore.lang.it',
  nl: 'explore.lang.nl',
  other: 'explore.lang.other',
  unknown: 'explore.lang.unknown',
};

/** Asks for the analysis until it is ready: the server answers 202 while it computes. */
function useAnalysis(): { analysis: DatasetAnalysis | null; pending: AnalysisPending | null; error: string | null } {
  const [analysis, setAnalysis] = useState<DatasetAnalysis | null>(null);
  const [pending, setPending] = useState<AnalysisPending | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    void (async () => {
      while (!stopped) {
        try {
          const result = await api.explore(5);
          if (stopped) return;
          if ('status' in result) {
            setPending(result);
            continue;
          }
          markData('explore');
          setAnalysis(result);
          setPending(null);
          return;
        } catch (e) {
          if (!stopped) setError((e as Error).message);
          return;
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, []);
  return { analysis, pending, error };
}

function Figures({ items }: { items: { label: string; value: string; testId?: string }[] }) {
  return (
    <dl className="figures">
      {items.map((f) => (
        <div key={f.label} data-testid={f.testId}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ExplorePage() {
  const { t, lang, number, percent } = useI18n();
  const { analysis, pending, error } = useAnalysis();
  const [selected, setSelected] = useState<number | null>(null);
  useRenderTiming('explore', analysis !== null);

  const nameOf = useMemo(() => {
    const names = new Map((analysis?.categories ?? []).map((c) => [c.code, lang === 'fr' ? c.nameFr : c.nameEn]));
    return (code: number) => names.get(code) ?? String(code);
  }, [analysis, lang]);
  const present = useMemo(() => (analysis?.categories ?? []).filter((c) => c.count > 0), [analysis]);
  const classBars = useMemo<Bar[]>(() => [...present].sort((a, b) => b.count - a.count || a.code - b.code).map((c) => ({ key: c.code, label: nameOf(c.code), value: c.count })), [present, nameOf]);
  const missingBars = useMemo<Bar[]>(
    () => [...present].sort((a, b) => b.withoutDescriptionShare - a.withoutDescriptionShare || a.code - b.code).map((c) => ({ key: c.code, label: nameOf(c.code), value: c.withoutDescriptionShare })),
    [present, nameOf],
  );
  const languageBars = useMemo<Bar[]>(() => (analysis?.languages.overall ?? []).map((l) => ({ key: l.language, label: t(LANGUAGE_KEYS[l.language]), value: l.share })), [analysis, t]);
  const languageRows = useMemo(
    () => (analysis?.languages.perCategory ?? []).filter((p) => p.counts.some((c) => c.count > 0)).map((p) => ({ label: nameOf(p.code), counts: p.counts.map((c) => c.count) })),
    [analysis, nameOf],
  );
  const formatCount = useCallback((v: number) => number(v), [number]);
  const formatShare = useCallback((v: number) => percent(v), [percent]);
  const select = useCallback((key: number | string) => setSelected(Number(key)), []);

  if (error) return <p className="error" role="alert">{t('common.error', { message: error })}</p>;
  if (!analysis) return <p role="status">{pending ? t('explore.computing', { dir: pending.dataDir }) : t('common.loading')}</p>;

  const a = analysis;
  const largest = classBars[0];
  const smallest = classBars[classBars.length - 1];
  const { designation, description } = a.lengths;
  return (
    <div className="explore">
      <div className="page-head">
        <p>
          {t('explore.source', { n: number(a.data.products), dir: a.data.source })}
          {a.data.demo && <span className="tag"> {t('explore.demoData')}</span>}
        </p>
        <a className="button secondary" href={api.reportUrl(lang)} download>
          {t('report.download')}
        </a>
      </div>
      <Figures
        items={[
          { label: t('explore.products'), value: number(a.data.products), testId: 'figure-products' },
          { label: t('explore.categoriesPresent'), value: t('explore.ofAll', { n: a.data.categoriesPresent, all: a.categories.length }) },
          { label: t('explore.imbalance'), value: largest && smallest ? `${number(largest.value / Math.max(1, smallest.value), 1)}×` : '—' },
          { label: t('explore.withoutDescription'), value: percent(a.description.missingShare) },
          { label: t('explore.duplicateGroups'), value: number(a.duplicates.groups) },
          { label: t('explore.conflicting'), value: number(a.duplicates.conflictingGroups) },
          ...(a.images ? [{ label: t('explore.withPhoto'), value: percent(a.images.products > 0 ? a.images.withImage / a.images.products : 0) }] : []),
        ]}
      />

      <section aria-labelledby="classes">
        <h2 id="classes">{t('explore.classes')}</h2>
        <div className="toolbar">
          <label htmlFor="category-pick">{t('explore.pick')}</label>
          <select id="category-pick" value={selected ?? ''} onChange={(e) => setSelected(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('explore.pickNone')}</option>
            {a.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {nameOf(c.code)} ({c.code})
              </option>
            ))}
          </select>
        </div>
        <BarChart
          title={t('explore.classesChart')}
          note={t('explore.clickBar')}
          testId="class-chart"
          bars={classBars}
          format={formatCount}
          columns={[t('charts.category'), t('charts.products')]}
          onSelect={select}
          selected={selected}
        />
      </section>
      {selected !== null && <CategoryDetail key={selected} code={selected} name={nameOf(selected)} />}

      <section aria-labelledby="missing">
        <h2 id="missing">{t('explore.missing')}</h2>
        <BarChart title={t('explore.missingChart')} testId="missing-chart" bars={missingBars} format={formatShare} max={1} columns={[t('charts.category'), t('explore.shareWithout')]} onSelect={select} selected={selected} />
      </section>

      <section aria-labelledby="lengths">
        <h2 id="lengths">{t('explore.lengths')}</h2>
        <p>
          {t('explore.lengthsSummary', {
            dm: number(designation.overall.summary.median ?? 0),
            d90: number(designation.overall.summary.p90 ?? 0),
            n: number(description.counted),
            em: number(description.overall.summary.median ?? 0),
            e90: number(description.overall.summary.p90 ?? 0),
          })}
        </p>
        <div className="two-columns">
          <HistogramChart title={t('explore.designationLength')} testId="designation-lengths" histogram={designation.overall.histogram} unit={t('explore.characters')} />
          <HistogramChart title={t('explore.descriptionLength')} testId="description-lengths" histogram={description.overall.histogram} unit={t('explore.characters')} />
        </div>
      </section>

      <section aria-labelledby="languages">
        <h2 id="languages">{t('explore.languages')}</h2>
        <BarChart title={t('explore.languagesChart')} note={t('explore.languagesNote')} testId="language-chart" bars={languageBars} format={formatShare} max={1} columns={[t('explore.language'), t('explore.share')]} />
        <StackedBarChart title={t('explore.languagesPerCategory')} testId="language-per-category" parts={a.languages.overall.map((l) => t(LANGUAGE_KEYS[l.language]))} rows={languageRows} />
      </section>

      <section aria-labelledby="duplicates">
        <h2 id="duplicates">{t('explore.duplicates')}</h2>
        <DuplicatesTable duplicates={a.duplicates} nameOf={nameOf} />
      </section>

      {a.images && (
        <section aria-labelledby="images">
          <h2 id="images">{t('explore.images')}</h2>
          <Figures
            items={[
              { label: t('explore.withPhoto'), value: number(a.images.withImage) },
              { label: t('explore.withoutPhoto'), value: number(a.images.missing) },
              { label: a.images.sampled ? t('explore.decodedSample', { n: number(a.images.distinctFiles) }) : t('explore.decoded'), value: number(a.images.analysed) },
              { label: t('explore.corrupt'), value: number(a.images.corrupt) },
              { label: t('explore.commonSize'), value: a.images.commonSizes[0] ? `${a.images.commonSizes[0].width} × ${a.images.commonSizes[0].height}` : '—' },
              { label: t('explore.brightness'), value: a.images.brightness.summary.median === null ? '—' : number(a.images.brightness.summary.median, 2) },
            ]}
          />
        </section>
      )}
    </div>
  );
}
