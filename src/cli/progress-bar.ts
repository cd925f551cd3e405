// Terminal progress for long CLI steps: live bars on a TTY, a line every few seconds otherwise (CI logs, pipes).

import cliProgress from 'cli-progress';
import type { Progress, ProgressTask } from '../core/progress.js';

const LOG_INTERVAL_MS = 5_000;

/** Progress on stderr, so stdout stays clean for `--json` output. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return { task: (label, total) => (stream.isTTY ? barTask(stream, label, total) : logTask(stream, label, total)) };
}

function barTask(stream: NodeJS.WriteStream, label: string, total: number): ProgressTask {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label.padEnd(28)} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {note}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  bar.start(Math.max(1, total), 0, { rate: '0', note: '' });
  return {
    tick(count = 1, note = '') {
      value += count;
      const seconds = (Date.now() - started) / 1000;
      bar.update(value, { rate: seconds > 0 ? formatRate(value / seconds) : '-', note });
    },
    done() {
      bar.update(Math.max(value, total));
      bar.stop();
    },
  };
}

function logTask(stream: NodeJS.WriteStream, label: string, total: number): ProgressTask {
  const started = Date.now();
  let lastLog = started;
  let value = 0;
  return {
    tick(count = 1, note = '') {
      value += count;
      const now = Date.now();
      if (now - lastLog >= LOG_INTERVAL_MS) {
        lastLog = now;
        const pct = total > 0 ? ((100 * value) / total).toFixed(0) : '?';
        stream.write(`${label}: ${value}/${total} (${pct}%) ${((now - started) / 1000).toFixed(1)} s ${note}\n`);
      }
    },
    done() {
      const seconds = (Date.now() - started) / 1000;
      if (seconds >= 1) stream.write(`${label}: done, ${Math.max(value, total)} in ${seconds.toFixed(1)} s\n`);
    },
  };
}

function formatRate(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toFixed(1);
}
