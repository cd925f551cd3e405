import ExcelJS from 'exceljs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/data/index.js';
import { caught, expectError } from '../helpers.js';
import { fixtureWriter } from './helpers.js';

const write = fixtureWriter();

describe('readTable on JSON Lines and JSON', () => {
  it('takes the union of keys in first-seen order, nested values as JSON, long integers with all their digits', async () => {
    const text =
      '{"sku": 1234567890123456789, "title": "Lampe", "price": 12.5}\n' +
      '\n' +
      '{"title": "Tasse \\"bleue\\" 1234567890123456789", "tags": ["a", "b"], "dims": {"h": 10}, "sku": 42, "promo": null}\n' +
      '{"sku": 7, "stock": true, "big": 1e+23}\n';
    const table = await readTable(write('items.jsonl', text));
    expect(table).toMatchObject({ format: 'jsonl', encoding: 'utf-8', delimiter: null });
    expect(table.columns).toEqual(['sku', 'title', 'price', 'tags', 'dims', 'promo', 'stock', 'big']);
    expect(table.rows).toEqual([
      { line: 1, values: ['1234567890123456789', 'Lampe', '12.5', '', '', '', '', ''] },
      { line: 3, values: ['42', 'Tasse "bleue" 1234567890123456789', '', '["a","b"]', '{"h":10}', '', '', ''] },
      { line: 4, values: ['7', '', '', '', '', '', 'true', '100000000000000000000000'] },
    ]);
  });

  it('names the line that is not JSON, or not an object', async () => {
    const bad = write('bad.ndjson', '{"title": "a"}\n{"title": "b",}\n');
    const error = await caught(() => readTable(bad));
    expectError(error, 'DATA_BAD_ROW', bad, 2);
    expect(error.message).toContain('not valid JSON');
    const array = write('array.jsonl', '{"title": "a"}\n["b"]\n');
    const notObject = await caught(() => readTable(array));
    expectError(notObject, 'DATA_BAD_ROW', array, 2);
    expect(notObject.message).toContain('found an array');
    expectError(await caught(() => readTable(write('blank.jsonl', '\n  \n'))), 'DATA_EMPTY', 'blank.jsonl');
  });

  it('reads a .json array of objects with the line where each object starts', async () => {
    const text = '[\n  {"id": "a", "title": "x, \\"[y]\\""},\n  {\n    "id": "b",\n    "label": "Z"\n  }\n]\n';
    const table = await readTable(write('items.json', text));
    expect(table.columns).toEqual(['id', 'title', 'label']);
    expect(table.rows).toEqual([
      { line: 2, values: ['a', 'x, "[y]"', ''] },
      { line: 3, values: ['b', '', 'Z'] },
    ]);
    const path = write('mixed.json', '[{"id": 1},\n 5]');
    expectError(await caught(() => readTable(path)), 'DATA_BAD_ROW', path, 2);
    const object = await caught(() => readTable(write('object.json', '{"items": [1]}')));
    expect(object.code).toBe('DATA_BAD_ROW');
    expect(object.message).toContain('keys "items"');
    expect((await readTable(write('lines.json', '{"a": 1}\n{"a": 2}\n'))).rows.map((r) => r.values)).toEqual([['1'], ['2']]);
  });
});

describe('readTable on Parquet', () => {
  it('reads strings, 32- and 64-bit integers (a 19-digit id keeps its digits), doubles and nulls', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'product_id', data: [9007199254740993123n, 1n, -5n], type: 'INT64' },
        { name: 'title', data: ['Lampe', 'Tasse à café', null], type: 'STRING' },
        { name: 'stock', data: [3, null, 0], type: 'INT32' },
        { name: 'price', data: [12.5, 0.1, 1e21], type: 'DOUBLE' },
      ],
    });
    const table = await readTable(write('items.parquet', new Uint8Array(buffer)));
    expect(table).toMatchObject({ format: 'parquet', encoding: null, delimiter: null, columns: ['product_id', 'title', 'stock', 'price'] });
    expect(table.rows).toEqual([
      { line: 2, values: ['9007199254740993123', 'Lampe', '3', '12.5'] },
      { line: 3, values: ['1', 'Tasse à café', '', '0.1'] },
      { line: 4, values: ['-5', '', '0', '1000000000000000000000'] },
    ]);
  });

  it('fails on a .parquet file that is not Parquet', async () => {
    const path = write('fake.parquet', 'id,title\n1,a\n');
    const error = await caught(() => readTable(path));
    expectError(error, 'INVALID_INPUT', path);
  });
});

describe('readTable on Excel workbooks', () => {
  async function workbook(name: string, fill: (book: ExcelJS.Workbook) => void): Promise<string> {
    const book = new ExcelJS.Workbook();
    fill(book);
    return write(name, new Uint8Array(await book.xlsx.writeBuffer()));
  }

  it('reads the first sheet from its first non-empty row: numbers, rich text, dates, formulas, hyperlinks', async () => {
    const path = await workbook('items.xlsx', (book) => {
      const sheet = book.addWorksheet('Produits');
      book.addWorksheet('Autre').addRow(['x']);
      sheet.getCell('A3').value = 'ean';
      sheet.getCell('B3').value = 'titre';
      sheet.getCell('C3').value = 'prix';
      sheet.getCell('D3').value = 'sortie';
      sheet.getCell('E3').value = 'total';
      sheet.addRow([]);
      sheet.getRow(5).values = [3401234567890, { richText: [{ text: 'Crème ' }, { text: 'brûlée', font: { bold: true } }] }, 4.2, new Date(Date.UTC(2024, 2, 9)), { formula: 'C5*3', result: 4.2 * 3 }];
      sheet.getRow(7).values = [12, { text: 'Site', hyperlink: 'https://example.com' }, null, null, { formula: 'C7+1', result: 1 }];
    });
    const table = await readTable(path);
    expect(table).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, columns: ['ean', 'titre', 'prix', 'sortie', 'total'] });
    expect(table.rows).toEqual([
      { line: 5, values: ['3401234567890', 'Crème brûlée', '4.2', '2024-03-09', '12.6'] },
      { line: 7, values: ['12', 'Site', '', '', '1'] },
    ]);
  });

  it('reads a named sheet and lists the sheets when the name is wrong', async () => {
    const path = await workbook('sheets.xlsx', (book) => {
      book.addWorksheet('Empty');
      const sheet = book.addWorksheet('Data');
      sheet.addRow(['id', 'title']);
      sheet.addRow([1, 'a']);
    });
    expect((await readTable(path, { sheet: 'Data' })).rows).toEqual([{ line: 2, values: ['1', 'a'] }]);
    expectError(await caught(() => readTable(path)), 'DATA_EMPTY', path);
    const error = await caught(() => readTable(path, { sheet: 'Nope' }));
    expect(error.code).toBe('INVALID_PARAM');
    expect(error.message).toContain('"Empty", "Data"');
  });
});
