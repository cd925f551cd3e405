// Accent folding: letters reduced to their unaccented base ("é" -> "e", "ß" -> "ss", "œ" -> "oe").

/**
 * Letters that have no canonical decomposition but a conventional ASCII spelling.
 * Upper-case forms are listed too, for callers that fold without lower-casing.
 */
const SPECIAL: Record<string, string> = {
  'ß': 'ss', 'ẞ': 'SS', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
  'ð': 'd', 'Ð': 'D', 'ł': 'l', 'Ł': 'L', 'ı': 'i', 'þ': 'th', 'Þ': 'TH', 'ħ': 'h', 'Ħ': 'H', 'ŀ': 'l', 'Ŀ': 'L',
};

const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0000-\u007f]/u;
const NON_ASCII_ALL = /[^\u0000-\u007f]/gu;

const cache = new Map<string, string>();

/** Folds one character (one code point): special letters by table, others by dropping combining marks of the NFD form. */
export function foldChar(ch: string): string {
  let folded = cache.get(ch);
  if (folded === undefined) {
    folded = SPECIAL[ch] ?? ch.normalize('NFD').replace(MARKS, '').normalize('NFC');
    if (cache.size < 65536) cache.set(ch, folded);
  }
  return folded;
}

/**
 * Removes accents and other combining marks: `é` -> `e`, `ç` -> `c`, `ü` -> `u`, a lone combining mark -> ``,
 * and spells out letters without a decomposition: `ß` -> `ss`, `æ` -> `ae`, `œ` -> `oe`, `ø` -> `o`, `ł` -> `l`.
 * This is scikit-learn's `strip_accents='unicode'` (NFKD, then drop combining characters) plus the spelled-out
 * letters, and it leaves Hangul syllables composed. ASCII text is returned unchanged at the cost of one scan.
 */
export function foldAccents(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_ALL, foldChar);
}
