// Categories people add while correcting predictions (feedback's newCategory), recorded against the model they extend.

import type { Queryable } from './transaction.js';

export interface CategoryAddition {
  id: number;
  /** The model whose taxonomy the category extends (retraining from that model learns it). */
  modelId: string;
  name: string;
  /** The parent category's key in that taxonomy, or null for a new top-level category. */
  parentKey: number | null;
  createdAt: string;
}

export class CategoryAdditionStore {
  constructor(private readonly db: Queryable) {}

  async add(modelId: string, name: string, parentKey: number | null): Promise<CategoryAddition> {
    const createdAt = new Date().toISOString();
    const { id } = await this.db
      .insertInto('category_additions')
      .values({ model_id: modelId, name, parent_key: parentKey, created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, modelId, name, parentKey, createdAt };
  }

  /** The additions to `modelId`'s taxonomy, oldest first: the order their keys were given in. */
  async list(modelId: string): Promise<CategoryAddition[]> {
    const rows = await this.db.selectFrom('category_additions').selectAll().where('model_id', '=', modelId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, modelId: r.model_id, name: r.name, parentKey: r.parent_key, createdAt: r.created_at }));
  }
}
