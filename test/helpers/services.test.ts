import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresAvailability, postgresUrl, redisAvailability, redisPing, redisUrl } from './services.js';

// The servers the PostgreSQL and queue suites share: one of each per run, whichever file asks first.
describe.skipIf(!redisAvailability().ok)('test Redis', () => {
  it('starts once on a free local port and answers PING', async () => {
    const url = await redisUrl();
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await redisUrl()).toBe(url);
    expect(await redisPing(Number(new URL(url).port))).toBe(true);
  });
});

describe.skipIf(!postgresAvailability().ok)('test PostgreSQL', () => {
  it('starts once on a free local port and answers queries', async () => {
    const url = await postgresUrl();
    expect(await postgresUrl()).toBe(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    await client.end();
    expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
  });
});
