// A category's word cloud laid out by d3-cloud (words sized by score, none overlapping), drawn as SVG, with the words and scores as a table.

import cloud from 'd3-cloud';
import { useEffect, useState } from 'react';
import type { TermScore } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { ChartFigure } from './chart-figure';
import { PALETTE } from './echart';

interface CloudWord {
  text: string;
  size: number;
  x?: number;
  y?: number;
  rotate?: number;
}

/** The layout's box; the SVG scales to its container (viewBox), so one layout serves phone and desktop. */
const WIDTH = 480;
const HEIGHT = 260;
const MIN_FONT = 11;
const MAX_FONT = 44;

/** A seeded generator (mulberry32), so the same words always give the same picture. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Font size from the score: the square root keeps the many small words readable beside a few large ones. */
function fontSizes(words: readonly TermScore[]): number[] {
  const top = Math.max(...words.map((w) => w.score));
  const bottom = Math.min(...words.map((w) => w.score));
  return words.map((w) => Math.round(MIN_FONT + (MAX_FONT - MIN_FONT) * (top > bottom ? Math.sqrt((w.score - bottom) / (top - bottom)) : 1)));
}

export function WordCloud({ title, words, testId }: { title: string; words: readonly TermScore[]; testId: string }) {
  const { t, number, percent } = useI18n();
  const [placed, setPlaced] = useState<CloudWord[] | null>(null);

  useEffect(() => {
    setPlaced(null);
    if (words.length === 0) return;
    const sizes = fontSizes(words);
    const layout = cloud<CloudWord>()
      .size([WIDTH, HEIGHT])
      .words(words.map((w, i) => ({ text: w.term, size: sizes[i] })))
      .padding(2)
      .rotate(0)
      .font('system-ui, sans-serif')
      .fontWeight(600)
      .fontSize((d) => d.size)
      .random(seeded(words.length))
      .on('end', (out: CloudWord[]) => setPlaced(out));
    layout.start();
    return () => {
      layout.stop();
    };
  }, [words]);

  const table = {
    columns: [t('explore.word'), t('explore.wordShare'), t('explore.wordLift'), t('explore.wordScore')],
    rows: words.map((w) => [w.term, { text: percent(w.share), value: w.share }, { text: number(w.lift, 1), value: w.lift }, { text: number(w.score, 3), value: w.score }]),
  };
  return (
    <ChartFigure title={title} note={t('explore.cloudNote')} table={table} testId={testId}>
      {words.length === 0 ? (
        <p className="muted">{t('explore.noWords')}</p>
      ) : (
        <svg className="cloud" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} data-placed={placed?.length ?? 0}>
          <g transform={`translate(${WIDTH / 2},${HEIGHT / 2})`} fontFamily="system-ui, sans-serif" fontWeight={600}>
            {(placed ?? []).map((w, i) => (
              <text key={w.text} textAnchor="middle" transform={`translate(${w.x},${w.y})`} fontSize={w.size} fill={PALETTE[i % PALETTE.length]}>
                {w.text}
              </text>
            ))}
          </g>
        </svg>
      )}
    </ChartFigure>
  );
}
