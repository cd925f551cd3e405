import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data/index.js';
import { scanUtf8 } from '../../../src/data/table/utf8-check.js';
import { caught, expectError } from '../helpers.js';
import { fixtureWriter } from './helpers.js';

const write = fixtureWriter();

const FRENCH =
  'référence;désignation;catégorie;prix\n' +
  '1;Cahier à spirale, 96 pages;Papeterie;3,50\n' +
  '2;Crème brûlée pour gâteaux;Épicerie;4,20\n' +
  '3;Chaussures de randonnée « Forêt »;Sport & loisirs;59,90\n';

describe('readTable text encodings', () => {
  it('detects a Latin-1, semicolon-separated French CSV and reads it as windows-1252', async () => {
    const table = await readTable(write('latin1.csv', iconv.encode(FRENCH, 'latin1')));
    expect(table.encoding).toBe('windows-1252');
    expect(table.delimiter).toBe(';');
    expect(table.columns).toEqual(['référence', 'désignation', 'catégorie', 'prix']);
    expect(table.rows.map((r) => r.values[1])).toEqual(['Cahier à spirale, 96 pages', 'Crème brûlée pour gâteaux', 'Chaussures de randonnée « Forêt »']);
    expect(table.warnings.join()).toMatch(/not UTF-8.*windows-1252/);
  });

  it('reads Windows-1252 bytes for € and œ', async () => {
    const text = 'id;titre;prix\n1;Cœur de bœuf, œuvre;12 €\n2;Œillet rouge à 3 €;3 €\n3;Pâté de campagne;5 €\n';
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.includes(0x80)).toBe(true); // € is 0x80 in windows-1252, absent from Latin-1
    const table = await readTable(write('cp1252.csv', bytes));
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows.map((r) => r.values[1])).toEqual(['Cœur de bœuf, œuvre', 'Œillet rouge à 3 €', 'Pâté de campagne']);
    expect(table.rows[0].values[2]).toBe('12 €');
  });

  it('reads UTF-16 LE with a byte-order mark as TSV', async () => {
    const text = 'id\ttitle\tdescription\n1\tTasse à café\t"Porcelaine\nblanche"\n2\tThéière\tFonte\n';
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const table = await readTable(write('utf16.tsv', bytes));
    expect(table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', columns: ['id', 'title', 'description'] });
    expect(table.rows).toEqual([
      { line: 2, values: ['1', 'Tasse à café', 'Porcelaine\nblanche'] },
      { line: 4, values: ['2', 'Théière', 'Fonte'] },
    ]);
  });

  it('tells UTF-16 without a byte-order mark by its zero bytes', async () => {
    const text = 'id,title\n1,Théière\n2,Tasse\n';
    const le = await readTable(write('utf16le.csv', iconv.encode(text, 'utf-16le')));
    expect(le.encoding).toBe('utf-16le');
    expect(le.rows[0].values).toEqual(['1', 'Théière']);
    const be = await readTable(write('utf16be.csv', iconv.encode(text, 'utf-16be')));
    expect(be.encoding).toBe('utf-16be');
    expect(be.columns).toEqual(['id', 'title']);
  });

  it('drops a UTF-8 byte-order mark, so the first column keeps its name', async () => {
    const table = await readTable(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('title,prix\nÉté,1\n')])));
    expect(table.encoding).toBe('utf-8');
    expect(table.columns).toEqual(['title', 'prix']);
    expect(table.rows[0].values).toEqual(['Été', '1']);
  });

  it('honours a forced encoding and rejects an unknown one with examples', async () => {
    const path = write('forced.csv', iconv.encode('id,titre\n1,Noël\n', 'latin1'));
    expect((await readTable(path, { encoding: 'latin1' })).rows[0].values[1]).toBe('Noël');
    const error = await caught(() => readTable(path, { encoding: 'klingon-8' }));
    expect(error.code).toBe('INVALID_PARAM');
    expect(error.message).toMatch(/"klingon-8".*latin1.*windows-1252/);
  });

  it('fails on Latin-1 bytes read as UTF-8, naming line and column, and suggests --encoding latin1', async () => {
    const path = write('forced-utf8.csv', iconv.encode(FRENCH, 'latin1'));
    const error = await caught(() => readTable(path, { encoding: 'utf-8' }));
    // The first invalid byte is the é of "référence" (line 1, column 2).
    expectError(error, 'DATA_BAD_ENCODING', path, 1);
    expect(error.message).toMatch(/byte 0xE9 at line 1, column 2\b/);
    expect(error.message).toContain('--encoding latin1');
    expect(error.httpStatus).toBe(422);
  });

  it('fails, rather than guess, on UTF-8 text with one damaged character', async () => {
    const good = Buffer.from('id,title\n1,Crème brûlée\n2,Pâte à crêpes\n', 'utf8');
    const damaged = Buffer.concat([good, Buffer.from('3,'), Buffer.from([0x47, 0xe2, 0x74, 0x65, 0x61, 0x75]), Buffer.from('\n')]);
    const path = write('damaged.csv', damaged);
    const error = await caught(() => readTable(path));
    expectError(error, 'DATA_BAD_ENCODING', path, 4);
    expect(error.message).toMatch(/line 4, column 4\b/);
  });

  it('counts valid and invalid UTF-8 sequences', () => {
    expect(scanUtf8(Buffer.from('aé€😀', 'utf8'))).toEqual({ firstInvalid: -1, validMultiByte: 3, invalid: 0 });
    expect(scanUtf8(Buffer.from([0x61, 0xe9, 0x62, 0xc3, 0xa9, 0xed, 0xa0, 0x80]))).toEqual({ firstInvalid: 1, validMultiByte: 1, invalid: 4 });
  });
});
