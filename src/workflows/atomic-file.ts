// Writing a file so that a reader sees all of it or nothing.

import { rename, writeFile } from 'node:fs/promises';

/** Writes `data` through a temporary file and a rename: a process killed midway leaves no half file. */
export async function writeAtomic(path: string, data: string | Buffer | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
