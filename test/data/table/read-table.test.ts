import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data/index.js';
import { cellText } from '../../../src/data/table/cell-text.js';
import { caught, expectError } from '../helpers.js';
import { fixtureWriter } from './helpers.js';

const write = fixtureWriter();

describe('readTable dispatch', () => {
  it('reads files without a telling extension by their content', async () => {
    expect((await readTable(write('export', 'id;title\n1;a\n'))).format).toBe('csv');
    expect((await readTable(write('export.dat', '{"id": 1}\n'))).format).toBe('jsonl');
    const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: ['x'], type: 'STRING' }] }));
    expect((await readTable(write('dump', parquet))).format).toBe('parquet');
    const misnamed = await readTable(write('really-parquet.csv', parquet));
    expect(misnamed.format).toBe('parquet');
    expect(misnamed.warnings.join()).toContain('named .csv but holds Parquet');
  });

  it('rejects an unsupported extension, listing the formats it reads', async () => {
    const path = write('catalog.xls', 'whatever');
    const error = await caught(() => readTable(path));
    expectError(error, 'INVALID_INPUT', path);
    expect(error.message).toMatch(/"\.xls".*CSV\/TSV.*JSON Lines.*Parquet.*\.xlsx/);
    expectError(await caught(() => readTable(write('fake.xlsx', 'id,title\n'))), 'INVALID_INPUT', 'fake.xlsx');
  });

  it('names a missing file and a folder', async () => {
    const missing = join(write('x.csv', 'a\n1\n'), '..', 'nope.csv');
    expectError(await caught(() => readTable(missing)), 'DATA_NOT_FOUND', missing);
    const folder = join(missing, '..', 'folder.csv');
    mkdirSync(folder);
    const error = await caught(() => readTable(folder));
    expectError(error, 'DATA_NOT_FOUND', folder);
    expect(error.message).toContain('folder');
  });
});

describe('cellText', () => {
  it('writes values as a person reads them', () => {
    expect([null, undefined, 'a', 12, 0.5, 1e21, -2e22, 2n ** 70n, true].map(cellText)).toEqual([
      '', '', 'a', '12', '0.5', '1000000000000000000000', '-20000000000000000000000', '1180591620717411303424', 'true',
    ]);
    expect(cellText(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(cellText(new Date(Date.UTC(2024, 0, 31, 8, 30)))).toBe('2024-01-31T08:30:00.000Z');
    expect(cellText({ a: [1, 2n] })).toBe('{"a":[1,"2"]}');
  });
});
