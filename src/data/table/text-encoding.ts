// Turns the bytes of a text file into UTF-8: byte-order mark, then strict UTF-8, then chardet among single-byte encodings.

import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ProdclassError } from '../../core/errors.js';

/** A text file as UTF-8 bytes (byte-order mark removed) and the encoding it was read with. */
export interface DecodedText {
  bytes: Buffer;
  encoding: string;
  warnings: string[];
}

const ENCODING_EXAMPLES = 'utf-8, latin1, windows-1252, iso-8859-15, utf-16le, utf-16be';

/** Encodings chardet may name that a catalog export plausibly uses and that are one byte per character. */
const SINGLE_BYTE = /^(ISO-8859-\d+|windows-\d+|KOI8-R)$/;

/**
 * Decodes `raw` (the whole file). A forced `encoding` wins; otherwise a byte-order mark decides (UTF-8,
 * UTF-16 LE/BE), then bytes that are valid UTF-8 are UTF-8, then chardet picks among single-byte encodings
 * (its ISO-8859-1 is read as windows-1252, a superset that real files use). Bytes that are mostly UTF-8
 * with some invalid sequences are not guessed at: they fail, so a damaged UTF-8 file never becomes mojibake.
 * @throws ProdclassError INVALID_PARAM for an encoding name iconv-lite does not know; DATA_BAD_ENCODING
 *   naming line and column of the first invalid sequence when the text is (or is forced to be) UTF-8.
 */
export function decodeText(raw: Buffer, file: string, forced?: string): DecodedText {
  if (forced !== undefined) return decodeForced(raw, file, forced);
  if (startsWith(raw, [0xef, 0xbb, 0xbf])) return { bytes: checkedUtf8(raw.subarray(3), file, 3), encoding: 'utf-8', warnings: [] };
  if (startsWith(raw, [0xff, 0xfe])) return viaIconv(raw, 'utf-16le');
  if (startsWith(raw, [0xfe, 0xff])) return viaIconv(raw, 'utf-16be');
  if (isUtf8(raw)) return { bytes: raw, encoding: 'utf-8', warnings: [] };
  const scan = scanUtf8(raw);
  // Valid multi-byte sequences are rare by chance in Latin-1 text; many of them mean UTF-8 with damage.
  if (scan.validMultiByte > 0 && scan.validMultiByte >= scan.invalid) throw badUtf8(raw, scan.firstInvalid, file, 0, 'detected');
  const encoding = guessSingleByte(raw, scan.firstInvalid);
  const decoded = viaIconv(raw, encoding);
  decoded.warnings.push(`the file is not UTF-8; read as ${encoding} (detected): pass --encoding NAME if accented letters look wrong`);
  return decoded;
}

function decodeForced(raw: Buffer, file: string, name: string): DecodedText {
  const key = name.trim().toLowerCase();
  if (!key || !iconv.encodingExists(key)) {
    throw new ProdclassError('INVALID_PARAM', `unknown encoding "${name}": use a name such as ${ENCODING_EXAMPLES}`);
  }
  if (key.replace(/[-_]/g, '') === 'utf8') {
    const bom = startsWith(raw, [0xef, 0xbb, 0xbf]) ? 3 : 0;
    return { bytes: checkedUtf8(raw.subarray(bom), file, bom), encoding: 'utf-8', warnings: [] };
  }
  return viaIconv(raw, key);
}

function viaIconv(raw: Buffer, encoding: string): DecodedText {
  return { bytes: Buffer.from(iconv.decode(raw, encoding), 'utf8'), encoding, warnings: [] };
}

function checkedUtf8(bytes: Buffer, file: string, skipped: number): Buffer {
  if (isUtf8(bytes)) return bytes;
  throw badUtf8(bytes, scanUtf8(bytes).firstInvalid, file, skipped, 'read as');
}

function startsWith(raw: Buffer, prefix: number[]): boolean {
  return raw.length >= prefix.length && prefix.every((byte, i) => raw[i] === byte);
}

/** Where the first invalid UTF-8 sequence is, and how many valid and invalid multi-byte sequences there are. */
export function scanUtf8(bytes: Uint8Array): { firstInvalid: number; validMultiByte: number; invalid: number } {
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
      invalid++;
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

/** chardet's best single-byte guess on the start of the file and the text around its first non-UTF-8 byte. */
function guessSingleByte(raw: Buffer, firstInvalid: number): string {
  const around = Math.max(0, firstInvalid - 32_768);
  const sample = Buffer.concat([raw.subarray(0, 65_536), raw.subarray(Math.max(around, 65_536), around + 65_536)]);
  const match = chardet.analyse(sample).find((m) => SINGLE_BYTE.test(m.name));
  const name = match?.name ?? 'windows-1252';
  return name === 'ISO-8859-1' ? 'windows-1252' : name.toLowerCase();
}

function badUtf8(bytes: Buffer, offset: number, file: string, skipped: number, how: 'detected' | 'read as'): ProdclassError {
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
