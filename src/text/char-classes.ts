// Character classes shared by the tokenisers: word characters and whitespace, defined as Python's str defines them.

const WORD = 1;
const SPACE = 2;
const WORD_RE = /^[\p{L}\p{N}]$/u;

let bmp: Uint8Array | undefined;
const astral = new Map<number, boolean>();

/** Built on first use (about 10 ms): one byte of class flags per BMP code unit. */
function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (WORD_RE.test(String.fromCharCode(c))) table[c] |= WORD;
  }
  // Python's str.isspace() and re's \s: note U+001C-U+001F and U+0085 are whitespace there, U+FEFF is not.
  const spaces = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
  for (let c = 0x2000; c <= 0x200a; c++) spaces.push(c);
  for (const c of spaces) table[c] |= SPACE;
  bmp = table;
  return table;
}

/**
 * True for a letter or digit (Unicode categories L* and N*): the characters Python's `[^\W_]` matches,
 * so a maximal run of them is a token of scikit-learn's `token_pattern=r"(?u)\b[^\W_]+\b"` family.
 */
export function isWordChar(codePoint: number): boolean {
  if (codePoint < 0x10000) return (bmpTable()[codePoint] & WORD) !== 0;
  let word = astral.get(codePoint);
  if (word === undefined) {
    word = WORD_RE.test(String.fromCodePoint(codePoint));
    astral.set(codePoint, word);
  }
  return word;
}

/** True for whitespace as Python's `str.isspace()` defines it (what `str.split()` and `re`'s `\s` use). */
export function isSpace(codePoint: number): boolean {
  return codePoint < 0x10000 && (bmpTable()[codePoint] & SPACE) !== 0;
}

/**
 * Writes the code points of `text` into `buffer` (grown when too small) and returns the buffer and the count.
 * Lengths of n-grams are counted in code points, as Python counts them, so an emoji is one character.
 */
export function toCodePoints(text: string, buffer: Int32Array): { buffer: Int32Array; length: number } {
  let buf = buffer.length >= text.length ? buffer : new Int32Array(Math.max(text.length, buffer.length * 2));
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    buf[n++] = c;
  }
  return { buffer: buf, length: n };
}

/** The inverse of `toCodePoints` for `length` code points from `start`; builds a flat (not rope) string. */
export function fromCodePoints(codePoints: Int32Array, start: number, length: number): string {
  const view = codePoints.subarray(start, start + length);
  let astral = false;
  for (let k = 0; k < view.length; k++) if (view[k] > 0xffff) astral = true;
  if (length <= 4096) {
    const units = view as unknown as number[];
    return astral ? String.fromCodePoint.apply(null, units) : String.fromCharCode.apply(null, units);
  }
  let s = '';
  for (let k = 0; k < view.length; k += 4096) s += fromCodePoints(view, k, Math.min(4096, view.length - k));
  return s;
}
