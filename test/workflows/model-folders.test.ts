import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import type { ModelEntry } from '../../src/storage/model-registry.js';
import { openStorage } from '../../src/storage/storage.js';
import { localModelDir, publishModelFolder, publishModelIndex } from '../../src/workflows/model-folders.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

const entry = (id: string, dir: string | null): ModelEntry => ({ id, dir, kind: 'text-linear', demo: false, createdAt: '2026-01-01T00:00:00Z', registeredAt: '2026-01-01T00:00:00Z', metrics: {}, info: {}, active: false, catalog: 'default' });

function folder(manifest: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'manifest.json'), manifest);
  writeFileSync(join(dir, 'weights.bin'), Buffer.from([0, 1, 2, 3, 255]));
  mkdirSync(join(dir, 'extra'));
  writeFileSync(join(dir, 'extra', 'taxonomy.json'), '{"categories":[]}');
  return dir;
}

describe('model folders on SQLite', () => {
  it('stores nothing and loads from the registered folder', async () => {
    const storage = await openStorage(null);
    const dir = folder('{"v":1}');
    await publishModelFolder(storage, 'm1', dir);
    expect(await storage.modelFiles.digest('m1')).toBeNull();
    expect(await localModelDir(storage, entry('m1', dir), join(tempDir(), 'cache'))).toBe(dir);
    await storage.close();
  });
});

describe.skipIf(!postgresAvailability().ok)('model folders in PostgreSQL', () => {
  it('fetches a stored folder whole into the cache once, uses a local folder with the same manifest, and refuses a damaged file', async () => {
    const storage = await openStorage(null, { databaseUrl: await freshPostgresDatabase() });
    const dir = folder('{"v":1}');
    await publishModelFolder(storage, 'm/1', dir);
    expect(await storage.modelFiles.digest('m/1')).toMatch(/^[0-9a-f]{64}$/);
    const cache = join(tempDir(), 'cache');
    // The registered folder still holds that manifest: no copy.
    expect(await localModelDir(storage, entry('m/1', dir), cache)).toBe(dir);

    const fetched = (await localModelDir(storage, entry('m/1', join(tempDir(), 'gone')), cache))!;
    expect(fetched.startsWith(cache)).toBe(true);
    expect(readFileSync(join(fetched, 'weights.bin'))).toEqual(Buffer.from([0, 1, 2, 3, 255]));
    expect(readFileSync(join(fetched, 'extra', 'taxonomy.json'), 'utf8')).toBe('{"categories":[]}');
    expect(await localModelDir(storage, entry('m/1', null), cache)).toBe(fetched);

    // Registered again with another manifest (retrained in place): the cache is refreshed.
    writeFileSync(join(dir, 'manifest.json'), '{"v":2}');
    await publishModelFolder(storage, 'm/1', dir);
    expect(readFileSync(join((await localModelDir(storage, entry('m/1', null), cache))!, 'manifest.json'), 'utf8')).toBe('{"v":2}');

    await sql`UPDATE model_files SET bytes = ${Buffer.from('tampered')} WHERE path = 'weights.bin'`.execute(storage.db);
    // A host without the folder fetches it again and finds the damage.
    rmSync(cache, { recursive: true, force: true });
    const error = await localModelDir(storage, entry('m/1', null), cache).catch((e: unknown) => e);
    expect(isProdclassError(error, 'MODEL_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain('weights.bin');
    // Nothing half-written is left for the next load to trust.
    expect(readdirSync(join(cache, '..')).filter((n) => n.startsWith('cache') && n !== 'cache')).toEqual([]);
    expect(readdirSync(cache)).toEqual([]);
    await storage.close();
  });

  it('gives a folder another digest when any of its files changes (an index built into it), and a stale copy is fetched again beside the old one', async () => {
    const storage = await openStorage(null, { databaseUrl: await freshPostgresDatabase() });
    const dir = folder('{"v":1}');
    await publishModelFolder(storage, 'm', dir);
    const before = await storage.modelFiles.digest('m');
    const cache = join(tempDir(), 'cache');
    const first = (await localModelDir(storage, entry('m', null), cache))!;
    // An index built into the folder: the manifest is the same, the folder is not.
    mkdirSync(join(dir, 'similar'));
    writeFileSync(join(dir, 'similar', 'index.bin'), 'vectors');
    await publishModelFolder(storage, 'm', dir);
    const after = await storage.modelFiles.digest('m');
    expect(after).not.toBe(before);
    expect(await localModelDir(storage, entry('m', dir), cache)).toBe(dir);
    const second = (await localModelDir(storage, entry('m', null), cache))!;
    expect(second).not.toBe(first);
    expect(readFileSync(join(second, 'similar', 'index.bin'), 'utf8')).toBe('vectors');
    // The copy a host opened before stays whole where it was.
    expect(readFileSync(join(first, 'weights.bin'))).toEqual(Buffer.from([0, 1, 2, 3, 255]));

    // An index built elsewhere replaces the stored one; the model's other files stay as stored.
    const built = tempDir();
    writeFileSync(join(built, 'index.bin'), 'rebuilt');
    await publishModelIndex(storage, 'm', join(tempDir(), 'not-read'), built);
    const files = await storage.modelFiles.get('m');
    expect(files.map((f) => f.path).sort()).toEqual(['extra/taxonomy.json', 'manifest.json', 'similar/index.bin', 'weights.bin']);
    expect(files.find((f) => f.path === 'similar/index.bin')!.bytes.toString()).toBe('rebuilt');
    expect(readFileSync(join((await localModelDir(storage, entry('m', dir), cache))!, 'similar', 'index.bin'), 'utf8')).toBe('rebuilt');
    await storage.close();
  });
});
