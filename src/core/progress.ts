// The progress-reporting interface long jobs call; the CLI renders it as bars, tests and servers observe it.

/** A unit of work with a known size: `tick` as items finish, `done` at the end. */
export interface ProgressTask {
  tick(count?: number, note?: string): void;
  done(): void;
}

/** Factory for tasks; implementations decide how (and whether) progress is shown. */
export interface Progress {
  task(label: string, total: number): ProgressTask;
}

const silentTask: ProgressTask = { tick() {}, done() {} };

/** Shows nothing: the default for library calls. */
export const silentProgress: Progress = { task: () => silentTask };

/** Runs `fn` inside a task that is always closed, even when `fn` throws. */
export async function withTask<T>(progress: Progress, label: string, total: number, fn: (task: ProgressTask) => Promise<T> | T): Promise<T> {
  const task = progress.task(label, total);
  try {
    return await fn(task);
  } finally {
    task.done();
  }
}
