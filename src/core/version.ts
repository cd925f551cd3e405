// The package and code version recorded in every model folder, so a model says what produced it.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Repository / package root: this file lives in src/core or dist/core, two levels below it. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cachedPackageVersion: string | undefined;
let cachedCodeVersion: string | undefined;

export function packageVersion(): string {
  if (cachedPackageVersion === undefined) {
    const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    cachedPackageVersion = pkg.version;
  }
  return cachedPackageVersion;
}

/** Git commit of the code (with "-dirty" when the tree has changes), or the package version outside a checkout. */
export function codeVersion(): string {
  if (cachedCodeVersion === undefined) {
    try {
      const opts = { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], encoding: 'utf8' as const };
      const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], opts).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
      cachedCodeVersion = `git:${sha}${dirty ? '-dirty' : ''}`;
    } catch {
      cachedCodeVersion = `package:${packageVersion()}`;
    }
  }
  return cachedCodeVersion;
}
