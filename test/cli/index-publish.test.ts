// `prodclass index --model DIR --database postgres://...`: the index of a model stored in PostgreSQL reaches every host.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { localModelDir, publishModelFolder } from '../../src/workflows/model-folders.js';
import { runCli } from '../helpers/run-cli.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

describe.skipIf(!postgresAvailability().ok)('prodclass index --database', () => {
  it("stores the indexed folder again with the model's files, so that a host without the folder loads the index", async () => {
    const root = tempDir();
    const { dir, file, card } = await trainShopModel(root, { seed: 2, folder: 'shop', perLeaf: 8 });
    const databaseUrl = await freshPostgresDatabase();
    const storage = await openStorage(null, { databaseUrl });
    // As registering the model on PostgreSQL stores it.
    await publishModelFolder(storage, card.modelId, dir);
    const before = await storage.modelFiles.digest(card.modelId);

    const run = await runCli(['index', '--model', dir, '--data', file, '--dims', '16', '--database', databaseUrl, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ products: 32, published: true });
    expect(await storage.modelFiles.digest(card.modelId)).not.toBe(before);
    const entry = { id: card.modelId, dir: null, kind: 'text-linear', demo: false, createdAt: '', registeredAt: '', metrics: {}, info: {}, active: false, catalog: 'default' };
    const fetched = (await localModelDir(storage, entry, join(root, 'other-host')))!;
    expect(existsSync(join(fetched, 'similar'))).toBe(true);

    // A model the database does not store: nothing to publish, said so.
    const other = await runCli(['index', '--model', dir, '--data', file, '--dims', '16', '--database', await freshPostgresDatabase(), '--json']);
    expect(other.code, other.stderr).toBe(0);
    expect(JSON.parse(other.stdout)).toMatchObject({ published: false });
    await storage.close();
  }, 120_000);
});
