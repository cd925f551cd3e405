import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseChallengeCsv, streamChallengeCsv, type RowResult } from '../../src/data/index.js';
import { X_HEADER, Y_HEADER, caught, expectError, fixtureDir } from './helpers.js';

const TEXT =
  X_HEADER +
  '0,"Drône, caméra 4K","<p>Très\nléger ""pro""</p>",101,201\n' +
  '1,Console PS4 Slim 500 Go,,102,202\n' +
  '2,"Piscine tubulaire\r\nIntex 3m","",103,203\n' +
  '3,Coussin 40x40 velours,<p>Doux</p>,104,204\n';

async function collect<T>(items: AsyncIterable<RowResult<T>>): Promise<RowResult<T>[]> {
  const out: RowResult<T>[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The bytes of `text` one at a time, so multi-byte characters and CRLF pairs are split across chunks. */
function byteByByte(text: string): Readable {
  return Readable.from([...Buffer.from(text)].map((b) => Buffer.from([b])));
}

describe('streamChallengeCsv', () => {
  it('yields the same records and lines as the whole-file parser, from a path or a byte-by-byte stream', async () => {
    const expected = parseChallengeCsv(TEXT, 'products').map((row) => ({ ok: true, ...row }));
    const dir = fixtureDir({ 'X.csv': TEXT });
    expect(await collect(streamChallengeCsv(join(dir, 'X.csv'), 'products'))).toEqual(expected);
    expect(await collect(streamChallengeCsv(byteByByte(TEXT), 'products'))).toEqual(expected);
    expect(await collect(streamChallengeCsv(Readable.from([TEXT]), 'products'))).toEqual(expected);
  });

  it('reports each bad row with its line and keeps reading', async () => {
    const text = TEXT + '4,short,1\n' + 'x,t,,1,1\n' + '1,dup,,1,1\n' + '7,last,,1,1\n';
    const items = await collect(streamChallengeCsv(byteByByte(text), 'products', { file: 'batch.csv' }));
    expect(items.map((i) => (i.ok ? `${i.line}:${i.value.index}` : `${i.line}:${i.error.code}`))).toEqual([
      '2:0', '4:1', '5:2', '7:3', '8:DATA_BAD_ROW', '9:DATA_BAD_ROW', '10:DATA_DUPLICATE_INDEX', '11:7',
    ]);
    const bad = items[4];
    if (bad.ok) throw new Error('expected an error item');
    expectError(bad.error, 'DATA_BAD_ROW', 'batch.csv', 8);
  });

  it('yields an unterminated quote as a last error item', async () => {
    const items = await collect(streamChallengeCsv(Readable.from([TEXT + '4,"open,,1,1\n5,t,,1,1\n']), 'products', { file: 'X.csv' }));
    expect(items).toHaveLength(5);
    const last = items[4];
    expect(last.ok).toBe(false);
    if (!last.ok) expectError(last.error, 'DATA_BAD_ROW', 'X.csv', 8);
  });

  it('throws for a header without the required columns and for a missing file', async () => {
    expectError(await caught(() => collect(streamChallengeCsv(Readable.from(['a,b\n1,2\n']), 'labels', { file: 'Y.csv' }))), 'DATA_MISSING_COLUMN', 'Y.csv', 1);
    expectError(await caught(() => collect(streamChallengeCsv(join(fixtureDir(), 'none.csv'), 'labels'))), 'DATA_NOT_FOUND', 'none.csv');
  });

  it('can be left early and handles 100k rows', async () => {
    function* rows() {
      yield Y_HEADER;
      for (let start = 0; start < 100_000; start += 1000) {
        let chunk = '';
        for (let i = start; i < start + 1000; i++) chunk += `${i},${[10, 40, 2583][i % 3]}\n`;
        yield chunk;
      }
    }
    let count = 0;
    let sum = 0;
    for await (const item of streamChallengeCsv(Readable.from(rows()), 'labels')) {
      if (!item.ok) throw item.error;
      count++;
      sum += item.value.code;
    }
    expect(count).toBe(100_000);
    expect(sum).toBe(33_334 * 10 + 33_333 * 40 + 33_333 * 2583);
    for await (const item of streamChallengeCsv(Readable.from(rows()), 'labels')) {
      expect(item.line).toBe(2);
      break;
    }
  });
});
