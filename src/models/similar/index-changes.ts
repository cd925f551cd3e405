// The products filed into a saved similarity index since it was last written whole: one JSON line each, replayed on load.

import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';

/** The change log, inside the index folder. */
export const CHANGES_FILE = 'changes.jsonl';

/** A product added to the index, or updated (new text or category), after the index was saved. */
export interface IndexChange {
  /** Increases by one with each change to the index: a save records the last it holds, and replay skips those. */
  seq: number;
  id: string;
  designation: string;
  description: string;
  /** Taxonomy key of the category it is filed under. */
  category: number | null;
}

/** Appends `changes` to the log of the index in `dir`. */
export async function appendChanges(dir: string, changes: readonly IndexChange[]): Promise<void> {
  if (changes.length === 0) return;
  await appendFile(join(dir, CHANGES_FILE), changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
}

/** Replaces the log of `dir` with `changes` (none: no file). */
export async function writeChanges(dir: string, changes: readonly IndexChange[]): Promise<void> {
  if (changes.length > 0) await writeFile(join(dir, CHANGES_FILE), changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
}

/**
 * The changes logged in `dir`, oldest first; none when there is no log. A last line cut short (the process died while
 * appending it: that change was never acknowledged) is dropped, and the log rewritten without it, so that the next
 * change does not land on the same line.
 * @throws ProdclassError MODEL_CORRUPT naming the file and line of any other line that is not a change.
 */
export async function readChanges(dir: string): Promise<IndexChange[]> {
  const path = join(dir, CHANGES_FILE);
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, 'utf8')).split('\n');
  const changes: IndexChange[] = [];
  let torn = false;
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const change = parseChange(line);
    if (change) changes.push(change);
    else if (i === lines.length - 1) torn = true;
    else {
      throw new ProdclassError('MODEL_CORRUPT', 'this line is not a product change: rebuild the index with "prodclass index"', {
        location: { file: path, line: i + 1 },
      });
    }
  });
  if (torn || lines[lines.length - 1] !== '') await writeFile(path, changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
  return changes;
}

function parseChange(line: string): IndexChange | null {
  try {
    const c = JSON.parse(line) as Partial<IndexChange>;
    const valid =
      Number.isInteger(c.seq) && typeof c.id === 'string' && typeof c.designation === 'string' && typeof c.description === 'string' && (c.category === null || Number.isInteger(c.category));
    return valid ? (c as IndexChange) : null;
  } catch {
    return null;
  }
}
