// Remembers the content hash of image files by path, size and modification time, so cached images need not be re-read.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readImageBytes } from '../../image/decode-image.js';

/** An image file's content hash, and its bytes when they had to be read. */
export interface HashedImage {
  hash: string;
  bytes: Uint8Array | null;
}

/**
 * `<root>/image-hashes.tsv`: one line per file, `sha256 TAB size TAB mtimeMs TAB path`. A file whose size and
 * modification time match its line is not read again; any change reads and hashes it anew.
 */
export class ImageHashMemo {
  private readonly known = new Map<string, string>();
  private pending: string[] = [];

  private constructor(private readonly path: string | null) {}

  /** A memo stored under `root`, or an in-memory one when root is null. */
  static open(root: string | null): ImageHashMemo {
    if (root === null) return new ImageHashMemo(null);
    const path = join(root, 'image-hashes.tsv');
    const memo = new ImageHashMemo(path);
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const parts = line.split('\t');
        if (parts.length === 4 && parts[0].length === 64) memo.known.set(`${parts[3]}\t${parts[1]}\t${parts[2]}`, parts[0]);
      }
    }
    return memo;
  }

  /**
   * The hash of the file at `path`; its bytes too when `needBytes` or when it had to be read.
   * @throws ProdclassError DATA_NOT_FOUND when the file cannot be read.
   */
  async hashOf(path: string, needBytes: boolean): Promise<HashedImage> {
    let id: string | null = null;
    try {
      const s = await stat(path);
      id = `${path}\t${s.size}\t${s.mtimeMs}`;
    } catch {
      // readImageBytes reports it
    }
    const known = id === null ? undefined : this.known.get(id);
    if (known && !needBytes) return { hash: known, bytes: null };
    const bytes = await readImageBytes(path);
    const hash = known ?? createHash('sha256').update(bytes).digest('hex');
    if (!known && id !== null) {
      this.known.set(id, hash);
      const [p, size, mtime] = id.split('\t');
      this.pending.push(`${hash}\t${size}\t${mtime}\t${p}\n`);
    }
    return { hash, bytes };
  }

  /** Writes the hashes learnt since the last flush. */
  async flush(): Promise<void> {
    if (this.path === null || this.pending.length === 0) return;
    const lines = this.pending.join('');
    this.pending = [];
    mkdirSync(dirname(this.path), { recursive: true });
    await appendFile(this.path, lines);
  }
}
