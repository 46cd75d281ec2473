// The shared database through one lazily opened pg connection. Read-only:
// SecureTransport owns its tables and the wizard never writes to them.
import pg from 'pg';
import type { Db, DbFacts } from './types.js';
import { DbError } from './types.js';
import { toDbError } from './pg-errors.js';
import type { DbTarget } from './pg-errors.js';

export interface DbSettings {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  ssl: boolean;
  connectTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** pg client settings shared with the run lock; the password stays in this object only. */
export function clientConfig(s: DbSettings, applicationName = 'st-cluster'): pg.ClientConfig {
  const timeout = s.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return {
    host: s.host,
    port: s.port,
    database: s.name,
    user: s.user,
    password: s.password,
    // Verification stays on: a self-signed server needs its CA in NODE_EXTRA_CA_CERTS.
    ssl: s.ssl ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: timeout,
    query_timeout: Math.max(timeout, 30_000),
    application_name: applicationName,
  };
}

export const targetOf = (s: DbSettings): DbTarget => ({ host: s.host, port: s.port, name: s.name, user: s.user, password: s.password, ssl: s.ssl });

const FACTS_SQL = `
select current_setting('server_version_num')::int as server_version_num,
       current_setting('server_version') as server_version,
       current_user::text as current_user,
       coalesce((select rolcanlogin from pg_roles where rolname = current_user), false) as can_login,
       pg_get_userbyid(d.datdba)::text as database_owner,
       t.spcname::text as default_tablespace,
       current_setting('max_connections')::int as max_connections
  from pg_database d join pg_tablespace t on t.oid = d.dattablespace
 where d.datname = current_database()`;

const TABLESPACES_SQL = `
select spcname::text as name, has_tablespace_privilege(spcname, 'CREATE') as can_create
  from pg_tablespace order by spcname`;

// Any schema, any case: ST creates CLUSTERNODE upper case on some databases, lower on PostgreSQL.
const CLUSTERNODE_SQL = `
select table_schema::text as schema, table_name::text as name
  from information_schema.tables
 where upper(table_name) = 'CLUSTERNODE' and table_schema not in ('pg_catalog', 'information_schema')
 order by (table_schema = current_schema()) desc, table_schema`;

const COLUMNS_SQL = `
select column_name::text as name from information_schema.columns
 where table_schema = $1 and table_name = $2 order by ordinal_position`;

/** The address column: SERVERADDRESS in the lab; any *ADDRESS* column otherwise [U]. */
export function pickAddressColumn(columns: string[]): string | undefined {
  return columns.find((c) => c.toUpperCase() === 'SERVERADDRESS') ?? columns.find((c) => c.toUpperCase().includes('ADDRESS'));
}

export function createDb(settings: DbSettings): Db {
  const target = targetOf(settings);
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client(clientConfig(settings));
      // A dropped connection must not crash the process; the next query reports it.
      c.on('error', () => {
        if (client === c) client = undefined;
        connecting = undefined;
      });
      try {
        await c.connect();
      } catch (error) {
        connecting = undefined;
        await c.end().catch(() => undefined);
        throw toDbError(error, target, 'Cannot connect to');
      }
      client = c;
      return c;
    })();
    return connecting;
  };

  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> => {
    const c = await connect();
    try {
      return (await c.query<R>(sql, values)).rows;
    } catch (error) {
      throw toDbError(error, target, 'Query failed on');
    }
  };

  const clusterNodeTable = async (): Promise<{ schema: string; name: string } | undefined> =>
    (await query<{ schema: string; name: string }>(CLUSTERNODE_SQL))[0];

  return {
    async facts(): Promise<DbFacts> {
      const [row] = await query<{
        server_version_num: number;
        server_version: string;
        current_user: string;
        can_login: boolean;
        database_owner: string;
        default_tablespace: string;
        max_connections: number;
      }>(FACTS_SQL);
      if (!row) throw new DbError('query', `Cannot read facts of database ${settings.name}`, 'Check the role may read pg_database.');
      const tablespaces = await query<{ name: string; can_create: boolean }>(TABLESPACES_SQL);
      return {
        serverVersionNum: row.server_version_num,
        serverVersion: row.server_version,
        currentUser: row.current_user,
        canLogin: row.can_login,
        databaseOwner: row.database_owner,
        defaultTablespace: row.default_tablespace,
        tablespaces: tablespaces.map((t) => ({ name: t.name, canCreate: t.can_create })),
        maxConnections: row.max_connections,
      };
    },
    async schemaPresent(): Promise<boolean> {
      return (await clusterNodeTable()) !== undefined;
    },
    async clusterNodeAddresses(): Promise<string[]> {
      const table = await clusterNodeTable();
      if (!table) return [];
      const columns = (await query<{ name: string }>(COLUMNS_SQL, [table.schema, table.name])).map((c) => c.name);
      const column = pickAddressColumn(columns);
      if (!column) {
        throw new DbError('query', `Table ${table.schema}.${table.name} has no address column (columns: ${columns.join(', ')})`, 'Report this SecureTransport version: st-cluster does not know where it keeps node addresses.');
      }
      const c = await connect();
      const sql = `select ${c.escapeIdentifier(column)}::text as address from ${c.escapeIdentifier(table.schema)}.${c.escapeIdentifier(table.name)} order by 1`;
      return (await query<{ address: string | null }>(sql)).flatMap((r) => (r.address === null ? [] : [r.address]));
    },
    async close(): Promise<void> {
      const c = client ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      client = undefined;
      connecting = undefined;
      await c?.end().catch(() => undefined);
    },
  } satisfies Db;
}
