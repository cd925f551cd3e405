import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { databaseUrlOf } from '../../src/cli/database-option.js';

describe('--database / PRODCLASS_DATABASE_URL', () => {
  it('takes the option first, then the environment, else SQLite (null)', () => {
    const env = { PRODCLASS_DATABASE_URL: 'postgres://env@db/prodclass' };
    expect(databaseUrlOf({ database: 'postgresql://opt@db/prodclass' }, env)).toBe('postgresql://opt@db/prodclass');
    expect(databaseUrlOf({}, env)).toBe('postgres://env@db/prodclass');
    expect(databaseUrlOf({}, {})).toBeNull();
    expect(databaseUrlOf({ database: '  ' }, { PRODCLASS_DATABASE_URL: '' })).toBeNull();
  });

  it('refuses anything but a postgres:// URL, naming where it came from', () => {
    for (const [options, env, where] of [
      [{ database: 'var/prodclass.db' }, {}, '--database'],
      [{}, { PRODCLASS_DATABASE_URL: 'mysql://x@db/p' }, 'PRODCLASS_DATABASE_URL'],
    ] as const) {
      try {
        databaseUrlOf(options, env);
        expect.unreachable();
      } catch (error) {
        expect(isProdclassError(error, 'INVALID_PARAM')).toBe(true);
        expect((error as Error).message).toMatch(new RegExp(`${where}.*postgres://`));
      }
    }
  });
});
