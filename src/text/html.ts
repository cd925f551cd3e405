// HTML to text: tags removed (block tags become spaces so words do not merge) and character references decoded.

import { decodeHTML } from 'entities';

/**
 * Tags that render inline: removing them must not separate the letters around them
 * (`<b>Prix</b>:` stays `Prix:`). Every other tag (p, br, li, div, td, h1...) becomes a space.
 */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark',
  'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);

/**
 * Comments, script/style elements with their content, and tags. A tag must start with a letter right after
 * `<` (or `</`), so text such as `a < b` or `<5 kg` is kept.
 */
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<\/?([a-zA-Z][a-zA-Z0-9]*)(?:[\s/][^<>]*)?>/g;

/** An entity still present after one decoding (`&amp;eacute;` -> `&eacute;`). */
const ENTITY = /&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/;

function replaceMarkup(_match: string, _element: string | undefined, tag: string | undefined): string {
  return tag !== undefined && INLINE_TAGS.has(tag.toLowerCase()) ? '' : ' ';
}

/**
 * Removes HTML comments, `<script>`/`<style>` elements and tags. Inline formatting tags (b, strong, span, ...)
 * are deleted; all other tags (p, br, li, div, ...) are replaced by a space, so `</p><p>` never glues two words.
 */
export function stripTags(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(MARKUP, replaceMarkup);
}

/**
 * Decodes HTML character references (`&eacute;`, `&#39;`, `&#x2019;`, `&nbsp;`, and the legacy forms without
 * a semicolon such as `&eacute`), repeating up to `maxPasses` times for double-escaped text
 * (`&amp;eacute;` -> `&eacute;` -> `é`).
 */
export function decodeEntities(text: string, maxPasses = 3): string {
  let out = text;
  for (let pass = 0; pass < maxPasses && out.includes('&'); pass++) {
    if (!ENTITY.test(out)) break;
    const next = decodeHTML(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Text content of an HTML fragment: tags stripped, entities decoded, and tags stripped again when decoding
 * revealed escaped markup (`&lt;p&gt;`).
 */
export function htmlToText(html: string): string {
  let out = stripTags(html);
  if (out.includes('&')) {
    out = decodeEntities(out);
    if (out.includes('<')) out = stripTags(out);
  }
  return out;
}
