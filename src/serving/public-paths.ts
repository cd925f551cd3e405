// Server paths as the API shows them: relative to the folder they live in (models, var, data), never absolute.

import { homedir, tmpdir } from 'node:os';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

/** A folder whose paths are shown relative to it, under `label` (e.g. the models folder as "models"). */
export interface PublicRoot {
  dir: string;
  label: string;
}

/**
 * Rewrites paths for answers. A path inside one of the roots becomes `label/relative/path`; any other absolute path
 * (a data folder named by a model card from another machine, say) becomes its last component. Text (error messages,
 * notes) has every root replaced by its label, and the machine's temporary and home folders by `tmp` and `~`.
 */
export class PublicPaths {
  constructor(private readonly roots: () => readonly PublicRoot[]) {}

  /** The path as an answer may show it; null stays null, a relative path stays as it is. */
  path(path: string): string;
  path(path: string | null): string | null;
  path(path: string | null): string | null {
    if (path === null || !isAbsolute(path)) return path;
    const absolute = resolve(path);
    for (const root of this.sortedRoots()) {
      const rel = relative(root.dir, absolute);
      if (rel === '') return root.label;
      if (!rel.startsWith('..') && !isAbsolute(rel)) return `${root.label}/${rel.split(sep).join('/')}`;
    }
    return basename(absolute) || '.';
  }

  /** `text` with the server's folders replaced by their labels. */
  text(text: string): string {
    let out = text;
    for (const root of [...this.sortedRoots(), ...machineRoots()]) {
      if (root.dir.length > 1) out = out.split(root.dir).join(root.label);
    }
    return out;
  }

  /** Longest first, so a folder inside another is named by the inner one. */
  private sortedRoots(): PublicRoot[] {
    return this.roots()
      .filter((r) => r.dir)
      .map((r) => ({ dir: resolve(r.dir), label: r.label }))
      .sort((a, b) => b.dir.length - a.dir.length);
  }
}

function machineRoots(): PublicRoot[] {
  return [
    { dir: resolve(process.cwd()), label: '.' },
    { dir: resolve(tmpdir()), label: 'tmp' },
    { dir: resolve(homedir()), label: '~' },
  ].sort((a, b) => b.dir.length - a.dir.length);
}
