// The products filed into a model's similarity index since it was built, in the database every host reads: each host's copy of the index replays them.

import type { IndexChange } from '../models/similar/index-changes.js';
import type { Queryable } from './transaction.js';

/** Rows per INSERT: six values each, well under either engine's limit on a statement's parameters. */
const ROWS_PER_INSERT = 500;

export class IndexChangeStore {
  constructor(private readonly db: Queryable) {}

  /** Records `changes` to the index of model `modelId`, in order; returns them with the sequence numbers they got. */
  async append(modelId: string, changes: readonly Omit<IndexChange, 'seq'>[]): Promise<IndexChange[]> {
    const recorded: IndexChange[] = [];
    const createdAt = new Date().toISOString();
    for (let start = 0; start < changes.length; start += ROWS_PER_INSERT) {
      const part = changes.slice(start, start + ROWS_PER_INSERT);
      const rows = await this.db
        .insertInto('index_changes')
        .values(part.map((c) => ({ model_id: modelId, product_id: c.id, designation: c.designation, description: c.description, category: c.category, created_at: createdAt })))
        .returning('seq')
        .execute();
      // Numbers are drawn in the order of the VALUES; RETURNING's order is not promised, so they are paired sorted.
      const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
      part.forEach((c, i) => recorded.push({ seq: seqs[i], id: c.id, designation: c.designation, description: c.description, category: c.category }));
    }
    return recorded;
  }

  /** Whether change `seq` of this log is to model `modelId`'s index and product `id` (a watermark saved against another database is not). */
  async has(modelId: string, change: { seq: number; id: string }): Promise<boolean> {
    const row = await this.db.selectFrom('index_changes').select('seq').where('seq', '=', change.seq).where('model_id', '=', modelId).where('product_id', '=', change.id).executeTakeFirst();
    return row !== undefined;
  }

  /** The changes to model `modelId`'s index after `seq`, oldest first, at most `limit` of them. */
  async since(modelId: string, seq: number, limit = 10_000): Promise<IndexChange[]> {
    const rows = await this.db
      .selectFrom('index_changes')
      .select(['seq', 'product_id', 'designation', 'description', 'category'])
      .where('model_id', '=', modelId)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), id: r.product_id, designation: r.designation, description: r.description, category: r.category }));
  }
}
