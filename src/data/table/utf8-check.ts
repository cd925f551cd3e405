// Finds invalid UTF-8 in a file's bytes and says where (line, column), for the error that refuses to guess.

import { ProdclassError } from '../../core/errors.js';

/**
 * Where the first invalid UTF-8 sequence is, and how many valid and invalid multi-byte sequences there are
 * (counting stops after `stopAfterInvalid` invalid ones: enough to tell Latin-1 from damaged UTF-8).
 */
export function scanUtf8(bytes: Uint8Array, stopAfterInvalid = Infinity): { firstInvalid: number; validMultiByte: number; invalid: number } {
  let firstInvalid = -1;
  let validMultiByte = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      if (firstInvalid < 0) firstInvalid = i;
      if (++invalid >= stopAfterInvalid) break;
      i++;
    } else {
      validMultiByte++;
      i += length;
    }
  }
  return { firstInvalid, validMultiByte, invalid };
}

/** Length of the valid UTF-8 sequence starting at `i` (a lead byte >= 0x80), or 0 when it is invalid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** DATA_BAD_ENCODING at the line and 1-based character column of the invalid byte at `offset`. */
export function badUtf8(bytes: Buffer, offset: number, file: string, skipped: number, how: 'detected' | 'read as'): ProdclassError {
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(10, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  const column = [...bytes.subarray(lineStart, offset).toString('utf8')].length + 1;
  const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
  const what = how === 'detected' ? 'the file looks like UTF-8 but' : 'the file is read as UTF-8 but';
  return new ProdclassError(
    'DATA_BAD_ENCODING',
    `${what} byte 0x${byte} at line ${line}, column ${column} (byte ${offset + skipped}) is not valid UTF-8: ` +
      'if the file was saved as Latin-1 or Windows-1252, read it with --encoding latin1 (or --encoding windows-1252); ' +
      'otherwise repair the damaged characters or save the file as UTF-8',
    { location: { file, line } },
  );
}
