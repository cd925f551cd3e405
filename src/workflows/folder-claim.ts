// A folder one process holds as its own (a worker's --var): a second process pointed at it is refused, not let in.

import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';

/** The file naming the process that holds the folder. */
export const CLAIM_FILE = 'owner.json';

interface Owner {
  pid: number;
  host: string;
  since: string;
}

export interface FolderClaim {
  /** Gives the folder up (removes the claim file while it still names this process). */
  release(): void;
}

/**
 * Claims `dir` for this process: two workers on one folder would each load, replace and clean up model versions and
 * data sets the other still reads, without knowing of each other. A claim left by a process that is gone (killed with
 * SIGKILL, say) on this machine is taken over. Liveness is checked with a signal 0, which says nothing about a process
 * on another machine: a claim from another host is refused, and the message says to remove the file if that worker is
 * gone.
 * @param what the process, as the message names it ("worker").
 * @param option the command-line option naming the folder ("--var").
 * @throws ProdclassError CONFLICT when a live process (or one on another host) holds the folder.
 */
export function claimFolder(dir: string, what: string, option: string): FolderClaim {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, CLAIM_FILE);
  const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  // Written whole under a name of its own, then linked: another process never reads a half-written claim.
  const draft = `${file}.${me.pid}`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    for (;;) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(file);
      if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
        const where = owner.host === me.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
        throw new ProdclassError(
          'CONFLICT',
          `${dir} is already the ${option} of a ${what} (${where}, since ${owner.since}): give each ${what} its own ${option}` +
            (owner.host === me.host ? '' : `, or remove ${file} if that ${what} is gone`),
          { location: { field: option } },
        );
      }
      // Its owner is gone (or the file is not a claim): take it over.
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(draft, { force: true });
  }
  return {
    release() {
      const owner = readOwner(file);
      if (owner?.pid === me.pid && owner.host === me.host) rmSync(file, { force: true });
    },
  };
}

function readOwner(file: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, since: String(owner.since ?? 'an unknown time') } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
