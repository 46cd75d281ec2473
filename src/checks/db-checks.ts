// db.* checks: the shared database as SecureTransport needs it (docs/st-facts.md
// "Prerequisites": PostgreSQL tablespaces, a LOGIN role owning the database).
import type { DbFacts } from '../db/types.js';
import type { ClusterCheck, NodeCheck, RunContext } from '../engine/types.js';
import { fail, pass, warn } from './result.js';
import { stepRef } from '../engine/step-ref.js';
import { memoKey } from '../engine/memo.js';

const DB_FACTS = memoKey<Promise<DbFacts>>('db.facts');

const REQUIRED_TABLESPACES = ['st_data', 'st_filetracking', 'st_serverlog'] as const;

const facts = (ctx: RunContext): Promise<DbFacts> => ctx.memo.once(DB_FACTS, () => ctx.db.facts());
const where = (ctx: RunContext): string => {
  const db = ctx.answers.database;
  return `${db.host}:${db.port}/${db.name}`;
};

export const dbReachable: ClusterCheck = {
  id: 'db.reachable',
  title: 'Shared database reachable from the jump host',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const f = await facts(ctx);
    return pass(`PostgreSQL ${f.serverVersion} at ${where(ctx)} as ${f.currentUser}`);
  },
};

export const dbReachableFromNode: NodeCheck = {
  id: 'db.reachable-from-node',
  title: 'Shared database reachable from the node',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const { host, port } = ctx.answers.database;
    // A constant script with host and port as positional arguments: nothing is interpolated.
    const probe = ['timeout', '5', 'bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'st-cluster-db-probe', host, String(port)];
    const result = await ctx.adapter(node).exec(probe, { kind: 'read', timeoutMs: 10_000 });
    if (result.exitCode === 0) return pass(`${node.name} opens TCP ${host}:${port}`);
    const why = result.exitCode === 124 ? 'timed out' : 'was refused or unreachable';
    return fail(
      `a TCP connection to ${host}:${port} ${why}`,
      `Open ${host}:${port} from ${node.name} (firewall, pg_hba.conf, listen_addresses) and use an address every node can reach in database.host.`,
    );
  },
};

export const dbVersion: ClusterCheck = {
  id: 'db.version',
  title: 'PostgreSQL version supported',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const f = await facts(ctx);
    const min = ctx.answers.database.minVersion;
    if (f.serverVersionNum >= min * 10_000) return pass(`PostgreSQL ${f.serverVersion} (at least ${min})`);
    return fail(`PostgreSQL ${f.serverVersion} is older than ${min}`, `Use PostgreSQL ${min} or later (SecureTransport 5.5 supports 12.x and later).`);
  },
};

export const dbRole: ClusterCheck = {
  id: 'db.role',
  title: 'Database role can log in and owns the database',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const f = await facts(ctx);
    const { user, name } = ctx.answers.database;
    if (!f.canLogin) return fail(`role ${user} cannot log in`, `ALTER ROLE ${user} LOGIN;`);
    if (f.databaseOwner !== user) {
      return fail(`database ${name} is owned by ${f.databaseOwner}, not ${user}`, `ALTER DATABASE ${name} OWNER TO ${user};`);
    }
    return pass(`role ${user} logs in and owns ${name}`);
  },
};

export const dbTablespaces: ClusterCheck = {
  id: 'db.tablespaces',
  title: 'Tablespaces st_data, st_filetracking, st_serverlog usable',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const f = await facts(ctx);
    const { user, name } = ctx.answers.database;
    const problems: string[] = [];
    const fixes: string[] = [];
    for (const ts of REQUIRED_TABLESPACES) {
      const found = f.tablespaces.find((t) => t.name === ts);
      if (!found) {
        problems.push(`tablespace ${ts} missing`);
        fixes.push(`CREATE TABLESPACE ${ts} OWNER ${user} LOCATION '/path/${ts}';`);
      } else if (!found.canCreate) {
        problems.push(`${user} lacks CREATE on ${ts}`);
        fixes.push(`GRANT CREATE ON TABLESPACE ${ts} TO ${user};`);
      }
    }
    if (f.defaultTablespace !== 'st_data') {
      problems.push(`default tablespace of ${name} is ${f.defaultTablespace}, not st_data`);
      fixes.push(`ALTER DATABASE ${name} SET TABLESPACE st_data;`);
    }
    if (problems.length > 0) return fail(problems.join('; '), fixes.join(' '));
    return pass(`all three tablespaces present, ${user} may create in them, default st_data`);
  },
};

export const dbMaxConnections: ClusterCheck = {
  id: 'db.max-connections',
  title: 'max_connections fits a cluster (about 1000 recommended)',
  severity: 'warning',
  scope: 'cluster',
  async run(ctx) {
    const f = await facts(ctx);
    if (f.maxConnections >= 1000) return pass(`max_connections = ${f.maxConnections}`);
    return warn(`max_connections = ${f.maxConnections}; about 1000 is recommended for an Enterprise Cluster`, 'Set max_connections = 1000 in postgresql.conf and restart PostgreSQL.');
  },
};

export const dbSchemaAbsent: ClusterCheck = {
  id: 'db.schema-absent',
  title: 'No SecureTransport schema yet (the first node creates it)',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    if (!(await ctx.db.schemaPresent())) return pass(`${where(ctx)} has no CLUSTERNODE table`);
    return fail(
      `${where(ctx)} already holds a SecureTransport schema (table CLUSTERNODE) but the first node is not installed`,
      'Point database.name at an empty database, or drop the old schema if it belongs to no running cluster.',
    );
  },
};

export const dbSchemaPresent: ClusterCheck = {
  id: 'db.schema-present',
  title: 'SecureTransport schema present (created by the first node)',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    if (await ctx.db.schemaPresent()) return pass(`${where(ctx)} holds table CLUSTERNODE`);
    return fail(`${where(ctx)} has no SecureTransport schema (table CLUSTERNODE)`, `Install the first node (${stepRef(ctx, 'install-first')}) before the others.`);
  },
};
