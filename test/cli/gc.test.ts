import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sizeOption } from '../../src/cli/options.js';
import { openStorage } from '../../src/storage/storage.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('prodclass gc', () => {
  it('removes orphan job folders and photos older than --retention-days, and prints what it did as JSON', async () => {
    const varDir = tempDir();
    await (await openStorage(varDir)).close();
    const old = new Date(Date.now() - 3 * 86_400_000);
    for (const rel of ['jobs/0b1e/input.csv', 'uploads/ab/old.jpg']) {
      mkdirSync(join(varDir, rel, '..'), { recursive: true });
      writeFileSync(join(varDir, rel), 'x'.repeat(100));
      utimesSync(join(varDir, rel), old, old);
    }
    utimesSync(join(varDir, 'jobs/0b1e'), old, old);
    const kept = await runCli(['gc', '--var', varDir, '--retention-days', '5', '--json']);
    expect(kept.code).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ orphanFolders: 1, files: 0 });
    expect(existsSync(join(varDir, 'uploads/ab/old.jpg'))).toBe(true);
    const removed = await runCli(['gc', '--var', varDir, '--retention-days', '2', '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ orphanFolders: 0, files: 1, bytesFreed: 100 });
    expect(existsSync(join(varDir, 'uploads/ab/old.jpg'))).toBe(false);
  });

  it('reads --max-var-size as a size in powers of 1024', () => {
    const size = sizeOption('max-var-size');
    expect([size('5000'), size('500M'), size('10G'), size('1.5kb')]).toEqual([5000, 500 * 1024 ** 2, 10 * 1024 ** 3, 1536]);
    expect(() => size('lots')).toThrow(/--max-var-size must be a size such as 500M or 10G, got "lots"/);
    expect(() => size('0')).toThrow(/must be a size/);
  });
});
