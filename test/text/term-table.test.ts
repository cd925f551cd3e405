// TermTable from packed arrays: the same lookups with or without saved slots, and the caller's arrays never written.

import { describe, expect, it } from 'vitest';
import { sequenceHash } from '../../src/text/ngram-analyzer.js';
import { TermTable } from '../../src/text/term-table.js';

const TERMS = [[1, 2], [3], [2, 1], [5, 5, 5], [4]];

function built(): TermTable {
  const table = new TermTable(TERMS.length);
  for (const t of TERMS) table.intern(Int32Array.from(t), 0, t.length, sequenceHash(t, 0, t.length));
  return table;
}

const find = (table: TermTable, t: number[]) => table.find(Int32Array.from(t), 0, t.length, sequenceHash(t, 0, t.length));

describe('TermTable.fromPacked', () => {
  it('finds every term at its id, whether the slots were saved or are placed again', () => {
    const { lengths, symbols } = built().packed();
    const placed = TermTable.fromPacked(lengths, symbols);
    const loaded = TermTable.fromPacked(lengths, symbols, placed.slotArray());
    for (const table of [placed, loaded]) {
      TERMS.forEach((t, id) => expect(find(table, t)).toBe(id));
      expect(find(table, [9])).toBe(-1);
      expect(table.hashOf(3)).toBe(sequenceHash([5, 5, 5], 0, 3));
    }
  });

  it('copies the arrays it was given before it first grows, leaving them as they were', () => {
    const { lengths, symbols } = built().packed();
    const slots = TermTable.fromPacked(lengths, symbols).slotArray();
    const [symbolsBefore, slotsBefore] = [symbols.slice(), slots.slice()];
    const table = TermTable.fromPacked(lengths, symbols, slots);
    for (let k = 0; k < 40; k++) table.intern(Int32Array.of(100 + k, k), 0, 2, sequenceHash([100 + k, k], 0, 2));
    expect(symbols).toEqual(symbolsBefore);
    expect(slots).toEqual(slotsBefore);
    expect(find(table, [139, 39])).toBe(TERMS.length + 39);
    TERMS.forEach((t, id) => expect(find(table, t)).toBe(id));
  });

  it('refuses, once it must change them, saved slots that name a term it does not hold', () => {
    const { lengths, symbols } = built().packed();
    const slots = TermTable.fromPacked(lengths, symbols).slotArray();
    const used = slots.findIndex((v, k) => k % 2 === 1 && v >= 0);
    slots[used] = TERMS.length + 3;
    const table = TermTable.fromPacked(lengths, symbols, slots);
    expect(() => table.intern(Int32Array.of(7), 0, 1, sequenceHash([7], 0, 1))).toThrow(/names term 8 of 5/);
  });

  it('refuses slots saved for a table of another size', () => {
    const { lengths, symbols } = built().packed();
    expect(() => TermTable.fromPacked(lengths, symbols, new Int32Array(6))).toThrow(/slot values/);
  });
});
