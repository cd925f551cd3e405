// Product text with the words that drove the decision highlighted, stronger words more strongly.

import type { TermContribution } from '../../../src/serving/api-types';

/** The description as plain text: tags and entities out, spaces squeezed, at most `max` characters. */
export function plainText(html: string, max = 400): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  const squeezed = text.replace(/\s+/g, ' ').trim();
  return squeezed.length > max ? `${squeezed.slice(0, max)}…` : squeezed;
}

export function HighlightedText({ text, terms }: { text: string; terms: TermContribution[] }) {
  const weights = new Map(terms.map((t) => [t.term.toLowerCase(), t.weight]));
  const top = Math.max(1e-9, ...terms.map((t) => t.weight));
  const pieces = text.split(/([\p{L}\p{N}]+)/u);
  return (
    <span className="highlighted">
      {pieces.map((piece, i) => {
        const weight = weights.get(piece.toLowerCase());
        if (weight === undefined) return piece;
        const strength = 0.25 + 0.75 * (weight / top);
        return (
          <mark key={i} style={{ backgroundColor: `rgba(255, 196, 0, ${strength.toFixed(2)})` }} title={weight.toFixed(3)}>
            {piece}
          </mark>
        );
      })}
    </span>
  );
}
