// Repairs mojibake: UTF-8 text that was decoded as Windows-1252 / Latin-1 ("Ã©" for "é", "â€™" for "’").

/**
 * The Windows-1252 characters at bytes 0x80-0x9F (where Latin-1 has C1 controls).
 * Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252; decoders that meet them
 * fall back to Latin-1, so the control characters U+0081... also stand for those bytes.
 */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

const BYTE_OF_SPECIAL = new Map<number, number>(CP1252_HIGH.map((code, i) => [code, 0x80 + i]));

/**
 * The byte a character stands for when UTF-8 bytes were shown as Windows-1252 (or Latin-1),
 * or -1 when the character cannot come from a single byte >= 0x80.
 */
export function cp1252Byte(code: number): number {
  if (code >= 0x80 && code <= 0xff) return code;
  return BYTE_OF_SPECIAL.get(code) ?? -1;
}

/** A lead character followed by a character that can stand for a UTF-8 continuation byte (or "Ã "): the cheap pre-check. */
const CANDIDATE =
  /\u00c3 |[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/** "â" followed by two "¿": a 3-byte character whose continuation bytes a lossy converter replaced by "¿". */
const LOST_PUNCTUATION = /\u00e2\u00bf\u00bf/g;

export interface MojibakeOptions {
  /**
   * Also repair the damaged variant found in Rakuten's files, where every "Ã" of the mojibake was later
   * replaced by "à" ("àª" for "ê", "à¢" for "â"). Only "à" followed by a character that makes a lower-case
   * letter of the Latin-1 range is repaired; "à" + non-breaking space and "à¿" (a lost byte) are left alone.
   * Default true.
   */
  aGraveLead?: boolean;
  /** Replace "â¿¿" (punctuation whose bytes were lost) by a space. Default true. */
  lostPunctuation?: boolean;
  /** Repeat the repair this many times at most, for text encoded twice ("ÃƒÂ©" -> "Ã©" -> "é"). Default 3. */
  maxPasses?: number;
}

/**
 * Repairs runs of characters that are UTF-8 bytes shown as Windows-1252 (or Latin-1) characters.
 *
 * A run is repaired only when it is a complete, valid UTF-8 sequence (lead byte, then exactly the right
 * number of continuation bytes, no overlong or surrogate forms) and the decoded character is plausible:
 * - 2-byte sequences led by "Â" (U+0080-U+00BF: "Â·" -> "·", "Â°" -> "°"), "Ã" (U+00C0-U+00FF: "Ã©" -> "é"),
 *   "Ä" or "Å" (Latin Extended-A: "Å“" -> "œ") are repaired on their own;
 * - other 2-byte sequences (Greek, Cyrillic, ...) only inside a run of at least two repaired sequences,
 *   so that German "Fuß“" or French "CAFÉ»" stay as they are;
 * - 3-byte sequences ("â€™" -> "’", "â‚¬" -> "€") and 4-byte sequences (emoji) always.
 * The decoded character must also be assigned (not unassigned, private-use or a surrogate).
 * "Ã" followed by an ordinary space becomes "à " ("voilÃ  " once its no-break space was normalised).
 * Correct text is left alone: "Â" not followed by a continuation character, "À la carte", "ÉTÉ".
 * Text encoded twice is repaired by repeating the pass (see `maxPasses`).
 */
export function repairMojibake(text: string, options: MojibakeOptions = {}): string {
  const aGraveLead = options.aGraveLead ?? true;
  const lostPunctuation = options.lostPunctuation ?? true;
  const maxPasses = options.maxPasses ?? 3;
  let out = text;
  if (lostPunctuation && out.includes('\u00e2\u00bf\u00bf')) out = out.replace(LOST_PUNCTUATION, ' ');
  for (let pass = 0; pass < maxPasses; pass++) {
    if (!CANDIDATE.test(out)) break;
    const next = repairPass(out, aGraveLead);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Number of continuation bytes after a UTF-8 lead byte, or -1 for a byte that cannot lead. */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

/** Decodes the UTF-8 sequence whose bytes the characters from `text[i]` stand for, or undefined when they form none. */
function decodeAt(text: string, i: number): { code: number; length: number } | undefined {
  const lead = text.charCodeAt(i);
  const extra = continuationCount(lead);
  if (extra < 0 || i + extra >= text.length) return undefined;
  let code = lead & (extra === 1 ? 0x1f : extra === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= extra; k++) {
    const byte = cp1252Byte(text.charCodeAt(i + k));
    if (byte < 0x80 || byte > 0xbf) return undefined;
    if (k === 1) {
      // Reject overlong forms, surrogates and code points above U+10FFFF.
      if (lead === 0xe0 && byte < 0xa0) return undefined;
      if (lead === 0xed && byte > 0x9f) return undefined;
      if (lead === 0xf0 && byte < 0x90) return undefined;
      if (lead === 0xf4 && byte > 0x8f) return undefined;
    }
    code = (code << 6) | (byte & 0x3f);
  }
  return { code, length: extra + 1 };
}

function standsAlone(lead: number): boolean {
  return lead >= 0xc2 && lead <= 0xc5;
}

/** Unassigned, private-use and surrogate code points never come out of a real repair. */
const IMPLAUSIBLE = /[\p{Cn}\p{Co}\p{Cs}]/u;

function plausible(code: number): boolean {
  return !IMPLAUSIBLE.test(String.fromCodePoint(code));
}

/** "à" + continuation in the Rakuten variant: decodes as if the lead were "Ã", when that gives a lower-case letter. */
function decodeAGrave(text: string, i: number): number {
  if (i + 1 >= text.length) return -1;
  const byte = cp1252Byte(text.charCodeAt(i + 1));
  // Not restored: 0xA0 (à + no-break space is harmless), 0xB0 ("à°" is more likely a degree sign than ð),
  // 0xB7 (÷ is no letter), 0xBF (¿ marks a byte the converter lost).
  if (byte < 0xa1 || byte > 0xbe || byte === 0xb7 || byte === 0xb0) return -1;
  return 0xc0 | (byte & 0x3f);
}

function repairPass(text: string, aGraveLead: boolean): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0xc2 || c > 0xf4) {
      i++;
      continue;
    }
    // Collect a run of consecutive decodable sequences starting here.
    const runStart = i;
    const codes: number[] = [];
    const leads: number[] = [];
    let j = i;
    for (;;) {
      const seq = decodeAt(text, j);
      if (!seq) break;
      codes.push(seq.code);
      leads.push(text.charCodeAt(j));
      j += seq.length;
    }
    if (codes.length === 0) {
      const letter = aGraveLead && c === 0xe0 ? decodeAGrave(text, i) : -1;
      // "Ã" + ordinary space: "à" followed by a no-break space (C3 A0) that was later turned into a space.
      if (c === 0xc3 && text.charCodeAt(i + 1) === 0x20) {
        out += text.slice(copied, i) + 'à';
        copied = i + 1;
        i += 1;
        continue;
      }
      if (letter >= 0) {
        out += text.slice(copied, i) + String.fromCharCode(letter);
        copied = i + 2;
        i += 2;
      } else {
        i++;
      }
      continue;
    }
    const isRun = codes.length >= 2;
    let pos = runStart;
    let replaced = '';
    let anyReplaced = false;
    for (let k = 0; k < codes.length; k++) {
      const lead = leads[k];
      const length = continuationCount(lead) + 1;
      const accept = (length > 2 || isRun || standsAlone(lead)) && plausible(codes[k]);
      replaced += accept ? String.fromCodePoint(codes[k]) : text.slice(pos, pos + length);
      anyReplaced ||= accept;
      pos += length;
    }
    if (anyReplaced) {
      out += text.slice(copied, runStart) + replaced;
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
