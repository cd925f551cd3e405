// Temp folders and fixture files for the data-layer tests (each test builds its own, nothing is shared).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ProdclassError, type ErrorCode } from '../../src/core/errors.js';

export const X_HEADER = ',designation,description,productid,imageid\n';
export const Y_HEADER = ',prdtypecode\n';

/** A fresh temp folder holding the given files (paths relative to it, folders created as needed). */
export function fixtureDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-data-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Runs `action` and returns the ProdclassError it throws (sync or async), failing the test otherwise. */
export async function caught(action: () => unknown): Promise<ProdclassError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProdclassError);
    return error as ProdclassError;
  }
  throw new Error('expected a ProdclassError, nothing was thrown');
}

/** Asserts the error's code, and that its location and message point at `file` (and `line` when given). */
export function expectError(error: ProdclassError, code: ErrorCode, file: string, line?: number): void {
  expect(error.code).toBe(code);
  expect(error.message).toContain(file);
  if (line !== undefined) {
    expect(error.location?.line).toBe(line);
    expect(error.message).toContain(`${file}:${line}`);
  }
}
