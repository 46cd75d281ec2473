import { describe, expect, it, inject } from 'vitest';
import pg from 'pg';

describe('test harness', () => {
  it('provides a real PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: inject('pgUrl') });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    await client.end();
    expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(120000);
  });
});
