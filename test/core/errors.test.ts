import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ProdclassError, httpStatusOf } from '../../src/core/errors.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('ERROR_CODES', () => {
  const sources = sourceFiles(SRC).filter((file) => !file.endsWith(join('core', 'errors.ts')));
  const text = sources.map((file) => readFileSync(file, 'utf8')).join('\n');

  it('holds every code the source throws', () => {
    const thrown = new Set([...text.matchAll(/new ProdclassError\(\s*'([A-Z_]+)'/g)].map((m) => m[1]));
    expect(thrown.size).toBeGreaterThan(10);
    expect([...thrown].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it('holds no code that the source never names', () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('maps each code to a 4xx or 5xx status, documented', () => {
    for (const [code, { status, doc }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(doc.length, code).toBeGreaterThan(10);
    }
    expect(httpStatusOf(new ProdclassError('DATA_BAD_ENCODING', 'x'))).toBe(422);
    expect(httpStatusOf(new Error('x'))).toBe(500);
  });
});
