// The --catalog option of the commands that act on a server's storage: which of its catalogs they act on.

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { CATALOG_NAME_PATTERN, DEFAULT_CATALOG } from '../storage/catalog-scope.js';
import type { Storage } from '../storage/storage.js';

/** Adds `--catalog <name>` to `command`, saying what the command does with that catalog. */
export function addCatalogNameOption(command: Command, what: string): Command {
  return command.option('--catalog <name>', `the server's catalog to ${what} (GET /api/catalogs lists them)`);
}

/**
 * `storage` seen from catalog `name` (Storage.forCatalog): close `storage` itself when done, not the view.
 * @throws ProdclassError INVALID_PARAM for a name no catalog can have; CATALOG_NOT_FOUND, listing the catalogs the
 *   storage holds, for one it does not.
 */
export async function catalogStorage(storage: Storage, name: string | undefined = DEFAULT_CATALOG): Promise<Storage> {
  if (!CATALOG_NAME_PATTERN.test(name)) {
    throw new ProdclassError('INVALID_PARAM', `--catalog "${name.slice(0, 60)}" cannot name a catalog: use 1 to 40 lower-case letters, digits and dashes`, { location: { field: '--catalog' } });
  }
  if (name === DEFAULT_CATALOG) return storage;
  const records = await storage.catalogs.list();
  if (!records.some((r) => r.name === name)) {
    const names = [DEFAULT_CATALOG, ...records.map((r) => r.name)].join(', ');
    throw new ProdclassError('CATALOG_NOT_FOUND', `no catalog "${name}" in ${storage.location}: its catalogs are ${names}; give one of them to --catalog (POST /api/catalogs creates one)`, { location: { field: '--catalog' } });
  }
  return storage.forCatalog(name);
}
