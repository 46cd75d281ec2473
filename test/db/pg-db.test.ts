import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, pickAddressColumn } from '../../src/db/pg-db.js';
import { DbError } from '../../src/db/types.js';
import { connectAs, createPgFixture, type PgFixture } from './pg-fixture.js';

let fx: PgFixture;
beforeAll(async () => {
  fx = await createPgFixture(inject('pgUrl'));
});
afterAll(async () => {
  await fx?.drop();
});

async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(run: () => Promise<unknown>): Promise<DbError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DbError);
  return error as DbError;
}

describe('createDb facts', () => {
  it('reads version, role, owner, tablespaces and max_connections', async () => {
    const db = createDb(fx.settings);
    try {
      const facts = await db.facts();
      expect(facts.serverVersionNum).toBeGreaterThanOrEqual(120000);
      expect(facts.serverVersion).toMatch(/^\d+(\.\d+)?/);
      expect(facts.currentUser).toBe(fx.names.role);
      expect(facts.canLogin).toBe(true);
      expect(facts.databaseOwner).toBe(fx.names.role);
      expect(facts.defaultTablespace).toBe(fx.names.data);
      expect(facts.maxConnections).toBe(300);
      const byName = new Map(facts.tablespaces.map((t) => [t.name, t.canCreate]));
      expect(byName.get(fx.names.data)).toBe(true);
      expect(byName.get(fx.names.tracking)).toBe(true);
      expect(byName.get(fx.names.foreign)).toBe(false);
      expect(byName.has('pg_default')).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('createDb schema', () => {
  it('sees CLUSTERNODE in any case and reads addresses without writing', async () => {
    const db = createDb(fx.settings);
    const owner = await connectAs(fx.settings);
    try {
      expect(await db.schemaPresent()).toBe(false);
      expect(await db.clusterNodeAddresses()).toEqual([]);
      await owner.query('create table "ClusterNode" (serverAddress text primary key, added_at timestamptz default now())');
      expect(await db.schemaPresent()).toBe(true);
      await owner.query("insert into \"ClusterNode\" (serveraddress) values ('10.0.0.12'), ('10.0.0.11')");
      expect(await db.clusterNodeAddresses()).toEqual(['10.0.0.11', '10.0.0.12']);
    } finally {
      await owner.end();
      await db.close();
    }
  });

  it('picks the address column tolerant of case', () => {
    expect(pickAddressColumn(['id', 'SERVERADDRESS'])).toBe('SERVERADDRESS');
    expect(pickAddressColumn(['node_address', 'serveraddress'])).toBe('serveraddress');
    expect(pickAddressColumn(['ID', 'NODE_ADDRESS'])).toBe('NODE_ADDRESS');
    expect(pickAddressColumn(['id'])).toBeUndefined();
  });
});

describe('createDb errors', () => {
  it('classifies a wrong password as auth, without the password', async () => {
    const wrong = 'Wr0ng_Secret_Value';
    const db = createDb({ ...fx.settings, password: wrong });
    const error = await failure(() => db.facts());
    expect(error.reason).toBe('auth');
    expect(error.message).toContain(fx.names.role);
    expect(`${error.message} ${error.fix}`).not.toContain(wrong);
    expect(`${error.message} ${error.fix}`).not.toContain(fx.settings.password);
    expect(error.fix).toMatch(/database\.password/);
    await db.close();
  });

  it('classifies a missing database as no-database', async () => {
    const db = createDb({ ...fx.settings, name: `${fx.names.db}_missing` });
    const error = await failure(() => db.schemaPresent());
    expect(error.reason).toBe('no-database');
    expect(error.fix).toMatch(/CREATE DATABASE/);
    expect(`${error.message} ${error.fix}`).not.toContain(fx.settings.password);
    await db.close();
  });

  it('classifies a refused port and an unknown host as unreachable', async () => {
    const port = await refusedPort();
    const refused = createDb({ ...fx.settings, port });
    const error = await failure(() => refused.facts());
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.fix).toMatch(/database\.host/);
    expect(`${error.message} ${error.fix}`).not.toContain(fx.settings.password);
    await refused.close();
    const unknown = createDb({ ...fx.settings, host: 'no-such-host.invalid' });
    expect((await failure(() => unknown.facts())).reason).toBe('unreachable');
    await unknown.close();
  });

  it('classifies a server that never answers as timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const db = createDb({ ...fx.settings, port: (silent.address() as net.AddressInfo).port, connectTimeoutMs: 300 });
    try {
      expect((await failure(() => db.facts())).reason).toBe('timeout');
    } finally {
      await db.close();
      silent.close();
    }
  });

  it('asks for ssl when the server does not offer it', async () => {
    const db = createDb({ ...fx.settings, ssl: true });
    const error = await failure(() => db.facts());
    expect(error.reason).toBe('ssl');
    await db.close();
  });

  it('reconnects after a failed attempt once the cause is fixed', async () => {
    const db = createDb(fx.settings);
    await fx.superuser.query(`alter role ${fx.names.role} nologin`);
    try {
      expect((await failure(() => db.facts())).reason).toBe('auth');
    } finally {
      await fx.superuser.query(`alter role ${fx.names.role} login`);
    }
    expect((await db.facts()).canLogin).toBe(true);
    await db.close();
  });
});
