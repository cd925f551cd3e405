import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProdclassError } from '../../src/core/errors.js';
import { CLAIM_FILE, claimFolder } from '../../src/workflows/folder-claim.js';
import { tempDir } from '../helpers/tmp.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function refusal(fn: () => unknown): ProdclassError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProdclassError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('claimFolder', () => {
  it('creates the folder and names this process in it; a second claim while it holds is refused, naming the folder, the holder and the option', () => {
    const dir = join(tempDir(), 'var');
    const claim = claimFolder(dir, 'worker', '--var');
    expect(JSON.parse(readFileSync(join(dir, CLAIM_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const error = refusal(() => claimFolder(dir, 'worker', '--var'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(dir);
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.message).toContain('give each worker its own --var');
    claim.release();
    expect(existsSync(join(dir, CLAIM_FILE))).toBe(false);
    claimFolder(dir, 'worker', '--var').release();
  });

  it('takes over a claim whose process is gone, and one that is no claim', () => {
    const dir = tempDir();
    writeFileSync(join(dir, CLAIM_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const claim = claimFolder(dir, 'worker', '--var');
    expect(JSON.parse(readFileSync(join(dir, CLAIM_FILE), 'utf8')).pid).toBe(process.pid);
    claim.release();
    writeFileSync(join(dir, CLAIM_FILE), '{"pid":');
    claimFolder(dir, 'worker', '--var').release();
  });

  it("refuses another host's claim, whose process it cannot see, and says which file to remove if that worker is gone", () => {
    const dir = tempDir();
    writeFileSync(join(dir, CLAIM_FILE), JSON.stringify({ pid: 4242, host: 'other-host', since: '2026-01-01T00:00:00.000Z' }));
    const error = refusal(() => claimFolder(dir, 'worker', '--var'));
    expect(error.message).toContain('process 4242 on other-host');
    expect(error.message).toContain(`remove ${join(dir, CLAIM_FILE)}`);
  });

  it('leaves a claim that another process has since taken alone on release', () => {
    const dir = tempDir();
    const claim = claimFolder(dir, 'worker', '--var');
    writeFileSync(join(dir, CLAIM_FILE), JSON.stringify({ pid: 4242, host: 'other-host', since: 'now' }));
    claim.release();
    expect(existsSync(join(dir, CLAIM_FILE))).toBe(true);
  });
});
