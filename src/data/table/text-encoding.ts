// Decides how a text file's bytes become strings: byte-order mark, then strict UTF-8, then chardet among single-byte encodings.

import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ProdclassError } from '../../core/errors.js';
import { badUtf8, scanUtf8 } from './utf8-check.js';

/** Turns bytes[start, end) into text; the delimiters, quotes and line breaks the parsers look for are ASCII bytes. */
export type FieldDecoder = (bytes: Buffer, start: number, end: number) => string;

/**
 * A text file ready to parse: bytes in which every ASCII byte is the ASCII character (UTF-8 or a single-byte
 * encoding, parsed without decoding the whole file first), the decoder for a span of them, and the encoding.
 */
export interface DecodedText {
  bytes: Buffer;
  decode: FieldDecoder;
  encoding: string;
  warnings: string[];
}

const ENCODING_EXAMPLES = 'utf-8, latin1, windows-1252, iso-8859-15, utf-16le, utf-16be';

/** Encodings chardet may name that a catalog export plausibly uses and that are one byte per character. */
const CHARDET_SINGLE_BYTE = /^(ISO-8859-\d+|windows-\d+|KOI8-R)$/;
/** Names of one-byte, ASCII-compatible encodings, which can be parsed as bytes and decoded field by field. */
const SINGLE_BYTE_NAME = /^(latin\d*|l\d|iso-?8859-?\d+|windows-?\d+|win-?\d+|cp-?\d+|koi8-?[a-z]+|mac[a-z]*|ascii|us-?ascii|binary)$/;

const utf8: FieldDecoder = (bytes, start, end) => bytes.toString('utf8', start, end);

/**
 * Decodes `raw` (the whole file). A forced `encoding` wins; otherwise a byte-order mark decides (UTF-8,
 * UTF-16 LE/BE; UTF-16 without one is told by its zero bytes), then bytes that are valid UTF-8 are UTF-8, then chardet picks among single-byte encodings
 * (its ISO-8859-1 is read as windows-1252, a superset that real files use). Bytes that are mostly UTF-8
 * with some invalid sequences are not guessed at: they fail, so a damaged UTF-8 file never becomes mojibake.
 * @throws ProdclassError INVALID_PARAM for an encoding name iconv-lite does not know; DATA_BAD_ENCODING
 *   naming line and column of the first invalid sequence when the text is (or is forced to be) UTF-8.
 */
export function decodeText(raw: Buffer, file: string, forced?: string): DecodedText {
  if (forced !== undefined) return decodeForced(raw, file, forced);
  if (startsWith(raw, [0xef, 0xbb, 0xbf])) return checkedUtf8(raw.subarray(3), file, 3);
  if (startsWith(raw, [0xff, 0xfe])) return transcoded(raw, 'utf-16le');
  if (startsWith(raw, [0xfe, 0xff])) return transcoded(raw, 'utf-16be');
  const utf16 = utf16WithoutBom(raw);
  if (utf16) {
    const decoded = transcoded(raw, utf16);
    decoded.warnings.push(`the file has no byte-order mark but its zero bytes say ${utf16}; read as such`);
    return decoded;
  }
  if (isUtf8(raw)) return { bytes: raw, decode: utf8, encoding: 'utf-8', warnings: [] };
  const scan = scanUtf8(raw, 1000);
  // Valid multi-byte sequences are rare by chance in Latin-1 text; as many of them as invalid ones mean damaged UTF-8.
  if (scan.validMultiByte > 0 && scan.validMultiByte >= scan.invalid) throw badUtf8(raw, scan.firstInvalid, file, 0, 'detected');
  const encoding = guessSingleByte(raw, scan.firstInvalid);
  const decoded = withEncoding(raw, encoding);
  decoded.warnings.push(`the file is not UTF-8; read as ${encoding} (detected): pass --encoding NAME if accented letters look wrong`);
  return decoded;
}

function decodeForced(raw: Buffer, file: string, name: string): DecodedText {
  const key = name.trim().toLowerCase();
  if (!key || !iconv.encodingExists(key)) {
    throw new ProdclassError('INVALID_PARAM', `unknown encoding "${name}": use a name such as ${ENCODING_EXAMPLES}`);
  }
  if (key.replace(/[-_]/g, '') === 'utf8') return checkedUtf8(raw, file, 0);
  return withEncoding(raw, key);
}

function withEncoding(raw: Buffer, encoding: string): DecodedText {
  const decode = SINGLE_BYTE_NAME.test(encoding) ? singleByteDecoder(encoding) : undefined;
  return decode ? { bytes: raw, decode, encoding, warnings: [] } : transcoded(raw, encoding);
}

/** Encodings that are not ASCII-compatible byte for byte (UTF-16, Shift_JIS...): the whole file goes through UTF-8. */
function transcoded(raw: Buffer, encoding: string): DecodedText {
  return { bytes: Buffer.from(iconv.decode(raw, encoding), 'utf8'), decode: utf8, encoding, warnings: [] };
}

/**
 * A decoder for a one-byte encoding: Node's native Latin-1 decoding, then the bytes 0x80-0xFF mapped through
 * the encoding's table (from iconv-lite) when a span holds any; undefined when the encoding is not ASCII-compatible.
 */
function singleByteDecoder(encoding: string): FieldDecoder | undefined {
  const table = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), encoding);
  if (table.length !== 256) return undefined;
  for (let i = 0; i < 128; i++) if (table.charCodeAt(i) !== i) return undefined;
  let identity = true;
  for (let i = 128; i < 256; i++) if (table.charCodeAt(i) !== i) identity = false;
  if (identity) return (bytes, start, end) => bytes.toString('latin1', start, end);
  const high = /[\x80-\xff]/;
  const highAll = /[\x80-\xff]/g;
  const map = (c: string): string => table[c.charCodeAt(0)];
  return (bytes, start, end) => {
    const text = bytes.toString('latin1', start, end);
    return high.test(text) ? text.replace(highAll, map) : text;
  };
}

function checkedUtf8(bytes: Buffer, file: string, skipped: number): DecodedText {
  const body = skipped === 0 && startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) throw badUtf8(body, scanUtf8(body, 1).firstInvalid, file, skipped || bytes.length - body.length, 'read as');
  return { bytes: body, decode: utf8, encoding: 'utf-8', warnings: [] };
}

/**
 * UTF-16 text without a byte-order mark is valid UTF-8 (ASCII letters with zero bytes between them), so it
 * is told by its zero bytes: in the first 4 KB, most bytes on one parity are zero and almost none on the other.
 */
function utf16WithoutBom(raw: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(raw.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (raw[i] === 0) evenZeros++;
    if (raw[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

function startsWith(raw: Buffer, prefix: number[]): boolean {
  return raw.length >= prefix.length && prefix.every((byte, i) => raw[i] === byte);
}

/** chardet's best single-byte guess on the start of the file and the text around its first non-UTF-8 byte. */
function guessSingleByte(raw: Buffer, firstInvalid: number): string {
  const around = Math.max(0, firstInvalid - 32_768);
  const sample = Buffer.concat([raw.subarray(0, 65_536), raw.subarray(Math.max(around, 65_536), around + 65_536)]);
  const match = chardet.analyse(sample).find((m) => CHARDET_SINGLE_BYTE.test(m.name));
  const name = match?.name ?? 'windows-1252';
  return name === 'ISO-8859-1' ? 'windows-1252' : name.toLowerCase();
}
