// A change to a similarity index after it was built (a product filed or corrected), and the change log that indexes saved by earlier versions kept in their folder.

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';

/** The change log of an index saved by earlier versions (format 1), inside the index folder; the database keeps changes now. */
export const LEGACY_CHANGES_FILE = 'changes.jsonl';

/** A product added to the index, or updated (new text or category), after the index was built. */
export interface IndexChange {
  /** Increases with each change recorded: a saved index records the last up to which it holds every change. */
  seq: number;
  id: string;
  designation: string;
  description: string;
  /** Taxonomy key of the category it is filed under; null for a product not filed yet. */
  category: number | null;
}

/** A change as it is filed, before the log numbers it. */
export type FiledChange = Omit<IndexChange, 'seq'>;

/**
 * Which changes of a log an index holds: all up to a watermark, and beyond it the newest change of each product, so
 * that changes arriving twice or out of order (several hosts append to one log) are applied once, newest last.
 */
export class AppliedChanges {
  private upTo = 0;
  /** The product of change `upTo` (null at 0): which log the watermark belongs to, see `mark`. */
  private upToId: string | null = null;
  /** The newest change applied to each product changed after the watermark. */
  private readonly newest = new Map<string, number>();

  get watermark(): number {
    return this.upTo;
  }

  /** The watermark's change, to check that a log is the one it counts (another database numbers its own from 1). */
  get mark(): { seq: number; id: string } | null {
    return this.upToId === null ? null : { seq: this.upTo, id: this.upToId };
  }

  /** The changes of `changes` to apply, in order: those after the watermark and newer than their product's last. */
  take(changes: readonly IndexChange[]): IndexChange[] {
    return [...changes]
      .sort((a, b) => a.seq - b.seq)
      .filter((c) => {
        if (c.seq <= this.upTo || (this.newest.get(c.id) ?? -1) >= c.seq) return false;
        this.newest.set(c.id, c.seq);
        return true;
      });
  }

  /** Every change up to `change` is applied: from here on those are skipped without looking at their product. */
  advance(change: { seq: number; id: string }): void {
    if (change.seq <= this.upTo) return;
    this.upTo = change.seq;
    this.upToId = change.id;
    const seq = change.seq;
    for (const [id, at] of this.newest) if (at <= seq) this.newest.delete(id);
  }

  /** Forgets the watermark: every change of the log is applied again (its log is not the one the watermark counted). */
  reset(): void {
    this.upTo = 0;
    this.upToId = null;
    this.newest.clear();
  }
}

/**
 * The changes a format-1 index folder logged after `seq`, oldest first; none when it has no log. A last line cut short
 * (the process died while appending it: that change was never acknowledged) is dropped.
 * @throws ProdclassError MODEL_CORRUPT naming the file and line of any other line that is not a change.
 */
export async function readLegacyChanges(dir: string, seq: number): Promise<IndexChange[]> {
  const path = join(dir, LEGACY_CHANGES_FILE);
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, 'utf8')).split('\n');
  const changes: IndexChange[] = [];
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    const change = parseChange(line);
    if (change) {
      if (change.seq > seq) changes.push(change);
    } else if (i !== lines.length - 1) {
      throw new ProdclassError('MODEL_CORRUPT', 'this line is not a product change: rebuild the index with "prodclass index"', {
        location: { file: path, line: i + 1 },
      });
    }
  });
  return changes;
}

/** Removes a format-1 folder's log, once its changes are in the database. */
export async function removeLegacyChanges(dir: string): Promise<void> {
  await rm(join(dir, LEGACY_CHANGES_FILE), { force: true });
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
