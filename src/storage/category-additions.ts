// Categories people add while correcting predictions (feedback's newCategory), recorded against the model they extend.

import type { Db } from './database.js';

export interface CategoryAddition {
  id: number;
  /** The model whose taxonomy the category extends (retraining from that model learns it). */
  modelId: string;
  name: string;
  /** The parent category's key in that taxonomy, or null for a new top-level category. */
  parentKey: number | null;
  createdAt: string;
}

interface Row {
  id: number;
  model_id: string;
  name: string;
  parent_key: number | null;
  created_at: string;
}

export class CategoryAdditionStore {
  constructor(private readonly db: Db) {}

  add(modelId: string, name: string, parentKey: number | null): CategoryAddition {
    const createdAt = new Date().toISOString();
    const id = Number(
      this.db.prepare('INSERT INTO category_additions (model_id, name, parent_key, created_at) VALUES (?, ?, ?, ?)').run(modelId, name, parentKey, createdAt).lastInsertRowid,
    );
    return { id, modelId, name, parentKey, createdAt };
  }

  /** The additions to `modelId`'s taxonomy, oldest first: the order their keys were given in. */
  list(modelId: string): CategoryAddition[] {
    return this.db
      .prepare<[string], Row>('SELECT id, model_id, name, parent_key, created_at FROM category_additions WHERE model_id = ? ORDER BY id')
      .all(modelId)
      .map((r) => ({ id: r.id, modelId: r.model_id, name: r.name, parentKey: r.parent_key, createdAt: r.created_at }));
  }
}
