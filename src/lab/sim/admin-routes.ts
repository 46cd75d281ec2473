// Request handling of the simulated Admin REST API v2.0.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { swagger, API_BASE } from './admin-swagger.js';
import { describeCert } from './certs.js';
import { addClusterNode, adminPasswordMatches, clusterNodes, listOptions, removeClusterNode, setAdminPassword, setOption } from './db.js';
import { PROTOCOL_DAEMONS, restDaemonName, ST_VERSION, type Home } from './node-context.js';
import { serviceStatus, start, stop } from './services.js';

export interface AdminContext {
  home: Home;
  pool: pg.Pool;
  /** Installed with a new schema: operational without being registered. */
  first: boolean;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The administrator a Basic header logs in as, or null; passwords live in the shared DB (db.ts st_lab_admin). */
async function authorized(req: IncomingMessage, ctx: AdminContext): Promise<string | null> {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return null;
  const given = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = given.indexOf(':');
  if (colon < 1) return null;
  const user = given.slice(0, colon);
  return (await adminPasswordMatches(ctx.pool, user, given.slice(colon + 1))) ? user : null;
}

/** Lists are paged: offset/limit (limit default 100, Webservices.EntriesPerPage), resultSet.returnCount. */
function page<T>(url: URL, all: readonly T[]): { result: T[]; resultSet: { returnCount: number; totalCount: number } } {
  const number = (name: string, fallback: number): number => {
    const raw = url.searchParams.get(name);
    const value = raw === null ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole number`);
    return value;
  };
  const offset = number('offset', 0);
  const limit = Math.max(1, number('limit', 100));
  const result = all.slice(offset, offset + limit);
  return { result, resultSet: { returnCount: result.length, totalCount: all.length } };
}

const DAEMON_STATUS = { alive: 'Running', down: 'Not running', disabled: 'Disabled' } as const;

/** PATCH /myself: [{"op":"replace","path":"/passwordCredentials/password","value":…}] (Axway's passwordChange.json.j2). */
function newPassword(body: unknown): string {
  const ops = Array.isArray(body) ? (body as { op?: unknown; path?: unknown; value?: unknown }[]) : [];
  const change = ops.find((o) => o?.op === 'replace' && o.path === '/passwordCredentials/password');
  if (!change || typeof change.value !== 'string' || change.value === '') {
    throw new HttpError(400, 'body must be [{"op": "replace", "path": "/passwordCredentials/password", "value": "<new password>"}]');
  }
  return change.value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1_000_000) throw new HttpError(413, 'request body too large');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

const findDaemon = (name: string | null): (typeof PROTOCOL_DAEMONS)[number] => {
  const daemon = PROTOCOL_DAEMONS.find((d) => restDaemonName(d) === name);
  if (!daemon) throw new HttpError(400, `daemon must be one of ${PROTOCOL_DAEMONS.map(restDaemonName).join(', ')}`);
  return daemon;
};

async function route(req: IncomingMessage, url: URL, ctx: AdminContext, user: string): Promise<[number, unknown?, Record<string, string>?]> {
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(API_BASE.length).replace(/\/$/, '')}`;
  const nodeMatch = /^DELETE \/configurations\/clusterManagement\/nodes\/(.+)$/.exec(route);
  const optionMatch = /^GET \/configurations\/options\/(.+)$/.exec(route);
  if (nodeMatch) {
    return (await removeClusterNode(ctx.pool, decodeURIComponent(nodeMatch[1]!))) ? [204] : [404, { message: 'no such cluster node' }];
  }
  if (optionMatch) {
    const name = decodeURIComponent(optionMatch[1]!);
    const option = (await listOptions(ctx.pool)).find((o) => o.name === name);
    return option ? [200, option] : [404, { message: `no option ${name}` }];
  }
  switch (route) {
    case 'GET /version':
      return [200, { version: ST_VERSION }];
    case 'POST /myself':
      // A session for the callers that use one (Axway's sample sends its cookie and csrfToken back).
      return [200, { message: `Logged in as ${user}` }, { 'set-cookie': `JSESSIONID=${randomBytes(12).toString('hex')}; Path=/; Secure; HttpOnly`, csrftoken: randomBytes(12).toString('hex') }];
    case 'PATCH /myself':
      await setAdminPassword(ctx.pool, user, newPassword(await readJson(req)));
      return [204];
    case 'GET /docs/swagger.json':
      return [200, swagger];
    case 'GET /configurations/clusterManagement': {
      const nodes = await clusterNodes(ctx.pool);
      return [200, { isCluster: nodes.length > 0, clusterMode: 'EC', clusterNodes: nodes.map((serverAddress) => ({ serverAddress })) }];
    }
    case 'POST /configurations/clusterManagement/nodes': {
      const body = (await readJson(req)) as { serverAddress?: unknown } | null;
      const address = typeof body?.serverAddress === 'string' ? body.serverAddress.trim() : '';
      if (!address) throw new HttpError(400, 'serverAddress is required');
      return (await addClusterNode(ctx.pool, address)) ? [201, { serverAddress: address }] : [409, { message: `${address} is already a cluster node` }];
    }
    case 'GET /configurations/options':
      return [200, page(url, await listOptions(ctx.pool))];
    case 'PUT /configurations/options': {
      const body = await readJson(req);
      const items = Array.isArray(body) ? (body as { name?: unknown; values?: unknown }[]) : [];
      const valid = items.length > 0 && items.every((i) => typeof i?.name === 'string' && Array.isArray(i.values) && i.values.every((v) => typeof v === 'string'));
      if (!valid) throw new HttpError(400, 'body must be [{"name": string, "values": [string]}]');
      for (const item of items) await setOption(ctx.pool, item.name as string, item.values as string[]);
      return [204];
    }
    case 'GET /certificates': {
      const usage = url.searchParams.get('usage');
      const cert = { name: 'admind', usage: 'local', ...describeCert(ctx.home.file('conf', 'certs', 'admind.pem')) };
      const fields = url.searchParams.get('fields')?.split(',').filter(Boolean);
      const shown = fields ? Object.fromEntries(Object.entries(cert).filter(([k]) => fields.includes(k))) : cert;
      return [200, page(url, usage === null || usage === 'local' ? [shown] : [])];
    }
    case 'GET /daemons':
      return [200, Object.fromEntries(PROTOCOL_DAEMONS.map((d) => [`${restDaemonName(d)}Status`, DAEMON_STATUS[serviceStatus(ctx.home, d)]]))];
    case 'POST /daemons/operations': {
      const operation = url.searchParams.get('operation');
      const daemon = findDaemon(url.searchParams.get('daemon'));
      if (operation !== 'start' && operation !== 'stop') throw new HttpError(400, 'operation must be start or stop');
      const result = operation === 'start' ? await start(ctx.home, daemon) : await stop(ctx.home, daemon, false);
      if (!result.ok) throw new HttpError(500, result.err.join('; '));
      return [204];
    }
    default:
      return [404, { message: `no such endpoint: ${route}` }];
  }
}

export function createHandler(ctx: AdminContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'https://lab');
      if (url.pathname !== API_BASE && !url.pathname.startsWith(`${API_BASE}/`)) return send(res, 404, { message: 'not found' });
      const user = await authorized(req, ctx);
      if (!user) {
        res.setHeader('www-authenticate', 'Basic realm="SecureTransport"');
        return send(res, 401, { message: 'authentication required: Basic credentials of an administrator (a fresh install: admin/admin)' });
      }
      // ST's CSRF filter refuses REST calls without a Referer (ST-FACTS.md; Axway's sample sends "Referer: Ansible").
      if (!req.headers.referer) return send(res, 403, { message: 'a Referer header is required on REST calls (CSRF protection): send e.g. Referer: https://<node>:<port>/' });
      if (!ctx.first && !(await clusterNodes(ctx.pool)).includes(ctx.home.config.address)) {
        return send(res, 503, { message: 'The server is started but not operational: it is not registered in the cluster' });
      }
      const [status, body, headers] = await route(req, url, ctx, user);
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      send(res, status, body);
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, { message: error.message });
      send(res, 500, { message: error instanceof Error ? error.message : String(error) });
    }
  };
}
