import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { redisUrlOf } from '../../src/cli/redis-option.js';

describe('--redis / PRODCLASS_REDIS_URL', () => {
  it('takes the option first, then the environment, else none (jobs in-process)', () => {
    expect(redisUrlOf({ redis: 'redis://a:6379' }, { PRODCLASS_REDIS_URL: 'redis://b:6379' })).toBe('redis://a:6379');
    expect(redisUrlOf({}, { PRODCLASS_REDIS_URL: ' rediss://b:6380 ' })).toBe('rediss://b:6380');
    expect(redisUrlOf({}, {})).toBeNull();
    expect(redisUrlOf({ redis: ' ' }, { PRODCLASS_REDIS_URL: '' })).toBeNull();
  });

  it('refuses what is not a redis:// URL, naming where it came from', () => {
    for (const [options, env, where] of [
      [{ redis: 'localhost:6379' }, {}, '--redis'],
      [{}, { PRODCLASS_REDIS_URL: 'http://x' }, 'PRODCLASS_REDIS_URL'],
    ] as const) {
      try {
        redisUrlOf(options, env);
        expect.unreachable();
      } catch (error) {
        expect(isProdclassError(error) && error.code).toBe('INVALID_PARAM');
        expect((error as Error).message).toContain(where);
      }
    }
  });
});
