// Word-cloud layout for the static report: words placed along an Archimedean spiral without overlap, drawn as SVG text.

import { PALETTE } from './echarts-svg.js';
import { escapeHtml } from './html.js';

export interface CloudWord {
  text: string;
  /** Any positive scale: sizes are interpolated between the smallest and largest weight. */
  weight: number;
}

export interface PlacedWord {
  text: string;
  /** Centre of the word, in pixels from the top-left corner. */
  x: number;
  y: number;
  fontSize: number;
  width: number;
  height: number;
}

export interface CloudOptions {
  width: number;
  height: number;
  minFontSize?: number;
  maxFontSize?: number;
  /** Space kept around each word, in pixels (default 2). */
  padding?: number;
}

/** Average advance of a sans-serif glyph as a share of the font size (measured on Latin text; wide enough for bold). */
const GLYPH_WIDTH = 0.6;

/**
 * The layout of d3-cloud without its canvas: words by decreasing weight, font size growing with the square
 * root of the weight, each started at the centre and moved along an Archimedean spiral (stretched to the
 * box's aspect) until its bounding box overlaps no placed word and fits in the box. Text widths are estimated
 * from the character count (a server has no font metrics), so boxes are a little generous. A word that finds
 * no place is left out; when more than one in ten would be, all fonts shrink and the layout starts again.
 * Deterministic: the same words give the same picture.
 */
export function layoutWordCloud(words: readonly CloudWord[], options: CloudOptions): PlacedWord[] {
  const minSize = options.minFontSize ?? 10;
  const maxSize = options.maxFontSize ?? 34;
  const wanted = words.filter((w) => w.weight > 0 && w.text.length > 0).length;
  let best: PlacedWord[] = [];
  // Too many words for the box at full size: shrink the fonts until nine in ten fit (or the smallest scale).
  for (const scale of SCALES) {
    const placed = placeWords(words, { ...options, minFontSize: Math.max(7, Math.round(minSize * scale)), maxFontSize: Math.round(maxSize * scale) });
    if (placed.length > best.length) best = placed;
    if (placed.length >= 0.9 * wanted) break;
  }
  return best;
}

const SCALES = [1, 0.85, 0.72, 0.6, 0.5];

function placeWords(words: readonly CloudWord[], options: CloudOptions): PlacedWord[] {
  const { width, height } = options;
  const minSize = options.minFontSize!;
  const maxSize = options.maxFontSize!;
  const padding = options.padding ?? 2;
  const sorted = [...words].filter((w) => w.weight > 0 && w.text.length > 0).sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1));
  if (sorted.length === 0) return [];
  const top = sorted[0].weight;
  const bottom = sorted[sorted.length - 1].weight;
  const placed: PlacedWord[] = [];
  const aspect = width / height;
  for (const word of sorted) {
    const t = top > bottom ? Math.sqrt((word.weight - bottom) / (top - bottom)) : 1;
    let fontSize = Math.round(minSize + (maxSize - minSize) * t);
    let w = [...word.text].length * fontSize * GLYPH_WIDTH;
    // A word wider than the box is shrunk to fit rather than dropped.
    if (w > width - 2 * padding) {
      fontSize = Math.max(6, Math.floor(((width - 2 * padding) / ([...word.text].length * GLYPH_WIDTH))));
      w = [...word.text].length * fontSize * GLYPH_WIDTH;
    }
    const h = fontSize * 1.15;
    for (let step = 0; step < 4000; step++) {
      const angle = step * 0.3;
      const radius = 1.6 * angle;
      const x = width / 2 + radius * Math.cos(angle) * Math.sqrt(aspect);
      const y = height / 2 + (radius * Math.sin(angle)) / Math.sqrt(aspect);
      if (x - w / 2 < padding || x + w / 2 > width - padding || y - h / 2 < padding || y + h / 2 > height - padding) {
        if (radius > Math.max(width, height)) break;
        continue;
      }
      const candidate = { text: word.text, x, y, fontSize, width: w, height: h };
      if (!placed.some((p) => overlaps(p, candidate, padding))) {
        placed.push(candidate);
        break;
      }
    }
  }
  return placed;
}

/** The cloud as an `<svg>` element (texts escaped). */
export function wordCloudSvg(words: readonly CloudWord[], options: CloudOptions & { label: string }): string {
  const placed = layoutWordCloud(words, options);
  const texts = placed.map(
    (p, i) =>
      `<text x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" font-size="${p.fontSize}" fill="${PALETTE[i % PALETTE.length]}" text-anchor="middle" dominant-baseline="central">${escapeHtml(p.text)}</text>`,
  );
  return (
    `<svg class="cloud" role="img" aria-label="${escapeHtml(options.label)}" width="${options.width}" height="${options.height}" viewBox="0 0 ${options.width} ${options.height}" font-family="system-ui, sans-serif">` +
    `${texts.join('')}</svg>`
  );
}

function overlaps(a: PlacedWord, b: PlacedWord, padding: number): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 * padding && Math.abs(a.y - b.y) * 2 < a.height + b.height + 2 * padding;
}
