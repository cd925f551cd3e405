// Paths that come from uploads (zip entries, CSV values) resolved so they can only land inside one folder.

import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ProdclassError } from '../core/errors.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * `root/name` when `name` is a relative path that stays inside `root` once normalised: no absolute paths, no
 * drive letters, no `..` that climbs out, no NUL bytes. Backslashes count as separators (zips made on Windows).
 * @throws ProdclassError INVALID_INPUT naming the offending path.
 */
export function resolveInside(root: string, name: string): string {
  const normalised = name.replaceAll('\\', '/');
  if (normalised.includes('\0') || normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) {
    throw new ProdclassError('INVALID_INPUT', `the path ${JSON.stringify(name)} is absolute; only paths relative to the job folder are accepted`);
  }
  const base = resolve(root);
  const path = resolve(base, normalised);
  if (!inside(base, path)) {
    throw new ProdclassError('INVALID_INPUT', `the path ${JSON.stringify(name)} leads outside the job folder; remove "../" from it`);
  }
  return path;
}

/**
 * The real path of `path` (symbolic links followed) when it exists and is still inside `root`'s real path;
 * null when it does not exist.
 * @throws ProdclassError INVALID_INPUT when a symbolic link leads out of `root`.
 */
export async function realPathInside(root: string, path: string): Promise<string | null> {
  const [base, real] = await Promise.all([realpath(root), realpath(path).catch(() => null)]);
  if (real === null) return null;
  if (!inside(base, real)) {
    throw new ProdclassError('INVALID_INPUT', `${path} is a link to ${real}, outside the job folder; links out of a job folder are refused`);
  }
  return real;
}
