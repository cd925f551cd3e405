// Fixture files for the table-layer tests, written into a temp folder removed after each test file.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tmp.js';

/** A folder for this test file's fixtures, and a function writing one file into it (returning its path). */
export function fixtureWriter(): (name: string, content: string | Uint8Array) => string {
  const dir = tempDir('prodclass-table-');
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}
