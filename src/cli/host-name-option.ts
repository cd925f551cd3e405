// The --host-name option (or PRODCLASS_HOST_NAME): how this process is named in its Prometheus metrics' host label.

import { hostname } from 'node:os';
import type { Command } from 'commander';

export const HOST_NAME_ENV = 'PRODCLASS_HOST_NAME';

/** Adds `--host-name <name>` to `command`. */
export function addHostNameOption(command: Command): Command {
  return command.option('--host-name <name>', `this process's name in the "host" label of its metrics; default ${HOST_NAME_ENV}, else hostname:pid`);
}

/**
 * `--host-name`, else PRODCLASS_HOST_NAME, else `hostname:pid`: the pid tells apart several processes of one machine
 * (two API hosts, workers beside them), which Prometheus would otherwise add up as one.
 */
export function hostNameOf(options: { hostName?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return options.hostName?.trim() || env[HOST_NAME_ENV]?.trim() || `${hostname()}:${process.pid}`;
}
