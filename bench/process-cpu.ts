// CPU seconds a process (and the children it has reaped) has used, from /proc (Linux): who took the cores during a run.

import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of /proc/PID/stat, and the parent's pid; null once the process is gone or off Linux. */
function statOf(pid: number): { own: number; reaped: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start past its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (i: number) => Number(fields[i - 3]);
    return { own: (ticks(14) + ticks(15)) / TICKS_PER_SECOND, reaped: (ticks(16) + ticks(17)) / TICKS_PER_SECOND, ppid: ticks(4) };
  } catch {
    return null;
  }
}

/**
 * CPU seconds of `pid` and its whole tree: its own, its live descendants', and what finished children left in its
 * counters (PostgreSQL's backends come and go with connections; a worker thread is counted in its process).
 */
export function treeCpuSeconds(pid: number): number {
  const stats = new Map<number, { own: number; reaped: number; ppid: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat) stats.set(Number(name), stat);
  }
  const root = stats.get(pid);
  if (!root) return 0;
  let total = root.own + root.reaped;
  const walk = (parent: number) => {
    for (const [child, stat] of stats) {
      if (stat.ppid !== parent) continue;
      total += stat.own + stat.reaped;
      walk(child);
    }
  };
  walk(pid);
  return total;
}

/** CPU seconds each named process tree used between `start` and the call of the function it returns. */
export function cpuMeter(pids: Record<string, number>): () => Record<string, number> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  return () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, Math.round((treeCpuSeconds(pid) - before[name]) * 100) / 100]));
}

/**
 * Waits until the process trees in `pids` are idle together (under `share` of one core over `windowMs`), at most
 * `maxMs`: a server just started still analyses its data folder and warms its threads in the background, work that
 * would otherwise land inside whichever timing comes first. Returns the milliseconds waited.
 */
export async function settled(pids: number[], { windowMs = 1000, share = 0.05, maxMs = 60_000 } = {}): Promise<number> {
  const started = performance.now();
  const total = () => pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  for (let before = total(); performance.now() - started < maxMs; ) {
    await new Promise((done) => setTimeout(done, windowMs));
    const now = total();
    if (now - before < (share * windowMs) / 1000) break;
    before = now;
  }
  return Math.round(performance.now() - started);
}
