import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsvRow, parseChallengeCsv, readChallengeCsv } from '../../src/data/index.js';
import { X_HEADER, Y_HEADER, caught, expectError, fixtureDir } from './helpers.js';

// Line 1 header; record 0 spans lines 2-4; record 1 spans lines 5-6; record 2 is line 7.
const TRICKY =
  X_HEADER +
  '0,"Cahier A4, 96 pages","<p>Line one\nline two ""quoted""\n</p>",101,201\n' +
  '1,"Say ""hi""","a\r\nb",102,202\n' +
  '2,Plain title,,103,203\n';

describe('parseChallengeCsv', () => {
  it('reads quoted fields holding commas, line breaks and doubled quotes', () => {
    const rows = parseChallengeCsv(TRICKY, 'products', { file: 'X.csv' });
    expect(rows.map((r) => r.value)).toEqual([
      { index: 0, designation: 'Cahier A4, 96 pages', description: '<p>Line one\nline two "quoted"\n</p>', productid: '101', imageid: '201' },
      { index: 1, designation: 'Say "hi"', description: 'a\r\nb', productid: '102', imageid: '202' },
      { index: 2, designation: 'Plain title', description: '', productid: '103', imageid: '203' },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 7]);
  });

  it('counts lines the same in CRLF files, skips blank lines and a byte-order mark', () => {
    const crlf = '\ufeff' + TRICKY.replaceAll('\n', '\r\n').replaceAll('\r\r\n', '\r\n') + '\r\n3,t,,1,1\r\n';
    const rows = parseChallengeCsv(crlf, 'products');
    expect(rows.map((r) => [r.value.index, r.line])).toEqual([[0, 2], [1, 5], [2, 7], [3, 9]]);
    expect(rows[0].value.description).toBe('<p>Line one\r\nline two "quoted"\r\n</p>');
  });

  it('reads a labels file and honours limit', () => {
    const rows = parseChallengeCsv(Y_HEADER + '0,10\n1,2583\n2,40\n', 'labels', { limit: 2 });
    expect(rows).toEqual([
      { line: 2, value: { index: 0, code: 10 } },
      { line: 3, value: { index: 1, code: 2583 } },
    ]);
  });

  it('round-trips any text written with formatCsvRow', () => {
    const nasty = ['a,b', 'say "x"', 'multi\nline', 'cr\r\nlf', '"', ',', '', ' spaced ', 'é&eacute;'];
    const text = X_HEADER + nasty.map((s, i) => formatCsvRow([i, s, `${s}|${s}`, 7, 8])).join('');
    const rows = parseChallengeCsv(text, 'products');
    expect(rows.map((r) => r.value.designation)).toEqual(nasty);
    expect(rows.map((r) => r.value.description)).toEqual(nasty.map((s) => `${s}|${s}`));
  });

  it('gives the line where a short row starts, after records spanning several lines', async () => {
    const error = await caught(() => parseChallengeCsv(TRICKY + '3,only two\n', 'products', { file: 'X_train_update.csv' }));
    expectError(error, 'DATA_BAD_ROW', 'X_train_update.csv', 8);
    expect(error.message).toMatch(/2 fields, expected 5/);
  });

  it('rejects a non-integer index and a non-integer code', async () => {
    expectError(await caught(() => parseChallengeCsv(TRICKY + 'x3,t,,1,1\n', 'products', { file: 'X.csv' })), 'DATA_BAD_ROW', 'X.csv', 8);
    const error = await caught(() => parseChallengeCsv(Y_HEADER + '0,10\n1,ten\n', 'labels', { file: 'Y.csv' }));
    expectError(error, 'DATA_BAD_ROW', 'Y.csv', 3);
    expect(error.location?.field).toBe('prdtypecode');
  });

  it('reports an unterminated quote at the line where its record starts', async () => {
    const text = TRICKY + '3,"never closed,,1,1\n4,t,,1,1\n5,t,,1,1\n';
    expectError(await caught(() => parseChallengeCsv(text, 'products', { file: 'X.csv' })), 'DATA_BAD_ROW', 'X.csv', 8);
  });

  it('names both lines of a duplicate index', async () => {
    const error = await caught(() => parseChallengeCsv(TRICKY + '1,again,,1,1\n', 'products', { file: 'X.csv' }));
    expectError(error, 'DATA_DUPLICATE_INDEX', 'X.csv', 8);
    expect(error.message).toMatch(/line 5 and at line 8/);
  });

  it('names the missing columns and the columns found', async () => {
    const error = await caught(() => parseChallengeCsv(',designation,productid\n0,a,1\n', 'products', { file: 'X.csv' }));
    expectError(error, 'DATA_MISSING_COLUMN', 'X.csv', 1);
    expect(error.message).toContain('"description", "imageid"');
    expect(error.message).toContain('found columns "", "designation", "productid"');
    const noIndex = await caught(() => parseChallengeCsv('id,prdtypecode\n0,10\n', 'labels', { file: 'Y.csv' }));
    expect(noIndex.code).toBe('DATA_MISSING_COLUMN');
    expect(noIndex.message).toContain('index column');
    expect((await caught(() => parseChallengeCsv('\n\n', 'labels', { file: 'Y.csv' }))).code).toBe('DATA_MISSING_COLUMN');
  });

  it('says DATA_NOT_FOUND for a missing file and INVALID_PARAM for a bad limit', async () => {
    const missing = join(fixtureDir(), 'nope.csv');
    expectError(await caught(() => readChallengeCsv(missing, 'labels')), 'DATA_NOT_FOUND', 'nope.csv');
    expect((await caught(() => parseChallengeCsv(TRICKY, 'products', { limit: 0 }))).code).toBe('INVALID_PARAM');
  });
});
