// The answers of the real Admin REST API v2.0, read into st-cluster's own model.
// An answer of another shape is "cannot read … (unexpected shape)": a fact not
// read (could not look), never taken for an empty list or a stopped daemon.
// Shapes: ST-FACTS.md "Admin REST API v2.0" (Axway's sample and REST examples).
import type { AdminCertificate, AdminDaemon, ClusterManagement } from './admin-types.js';
import { AdminApiError } from './admin-types.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a value looks like, for the message: never the value itself (it may be large). */
function looksLike(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length > 0 ? `an object with ${keys.join(', ')}` : 'an empty object';
  }
  return value === undefined ? 'no body' : `a ${typeof value}`;
}

export function shapeError(what: string, node: string, url: string, value: unknown, expected: string): AdminApiError {
  return new AdminApiError(
    200,
    url,
    `cannot read ${what} of ${node} (unexpected shape: ${looksLike(value)}, expected ${expected})`,
    `Check that admin.port points at the SecureTransport Admin REST API v2.0 of ${node} and that it is SecureTransport 5.5; st-cluster did not judge what it could not read.`,
    'shape',
  );
}

export interface Page<T> {
  items: T[];
  /** resultSet.returnCount, or the length of the list when the server does not say. */
  returned: number;
}

/** One page of a list answer: {result: [...], resultSet: {returnCount}} (Axway's sample reads resultSet.returnCount). */
export function readPage(body: unknown, what: string, node: string, url: string): Page<unknown> {
  if (!isRecord(body) || !Array.isArray(body.result)) throw shapeError(what, node, url, body, '{result: [...], resultSet: {...}}');
  const count = isRecord(body.resultSet) ? body.resultSet.returnCount : undefined;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0)) throw shapeError(what, node, url, body, 'resultSet.returnCount, a whole number');
  return { items: body.result, returned: typeof count === 'number' ? count : body.result.length };
}

/** GET /certificates?fields=name,subject,expirationTime: `name` is the alias, `expirationTime` in ms. */
export function readCertificate(item: unknown, node: string, url: string): AdminCertificate {
  const what = 'the local certificates';
  if (!isRecord(item) || typeof item.name !== 'string') throw shapeError(what, node, url, item, 'entries with a name');
  const expires = item.expirationTime;
  if (expires !== undefined && expires !== null && (typeof expires !== 'number' || !Number.isFinite(expires))) throw shapeError(what, node, url, item, 'expirationTime in milliseconds');
  return {
    alias: item.name,
    ...(typeof item.usage === 'string' ? { usage: item.usage } : {}),
    ...(typeof item.subject === 'string' ? { subject: item.subject } : {}),
    ...(typeof expires === 'number' ? { notAfter: new Date(expires).toISOString() } : {}),
  };
}

/** REST daemon names (ST-FACTS.md: daemon=ssh|ftp|http|as2|pesit) and their status fields. */
export const REST_DAEMONS = ['ssh', 'ftp', 'http', 'as2', 'pesit'] as const;

function daemonStatus(value: unknown): AdminDaemon['status'] | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text === 'running') return 'alive';
  if (text === 'not running') return 'down';
  // A daemon switched off in the Admin Tool (ST-FACTS.md: "disabled"; the exact word is [U]).
  if (/disabled|not enabled/.test(text)) return 'disabled';
  return null;
}

/** GET /daemons: {sshStatus: "Running" | "Not running" | disabled, ftpStatus, httpStatus, as2Status, pesitStatus}. */
export function readDaemons(body: unknown, node: string, url: string): AdminDaemon[] {
  const what = 'the daemons';
  if (!isRecord(body)) throw shapeError(what, node, url, body, 'an object with sshStatus, ftpStatus, …');
  const daemons: AdminDaemon[] = [];
  for (const name of REST_DAEMONS) {
    const raw = body[`${name}Status`];
    if (raw === undefined) continue;
    const status = daemonStatus(raw);
    if (!status) throw shapeError(what, node, url, body, `${name}Status "Running", "Not running" or disabled (got ${typeof raw === "string" ? JSON.stringify(raw.slice(0, 40)) : `a ${typeof raw}`})`);
    daemons.push({ name, status });
  }
  if (daemons.length === 0) throw shapeError(what, node, url, body, 'sshStatus, ftpStatus, httpStatus, as2Status or pesitStatus');
  return daemons;
}

/** GET /configurations/clusterManagement: clusterNodes entries are {serverAddress} objects or bare strings. */
export function readClusterManagement(body: unknown, node: string, url: string): ClusterManagement {
  const what = 'the cluster management listing';
  if (!isRecord(body)) throw shapeError(what, node, url, body, 'an object with isCluster, clusterMode, clusterNodes');
  const entries = body.clusterNodes ?? [];
  if (!Array.isArray(entries)) throw shapeError(what, node, url, body, 'clusterNodes, a list');
  const clusterNodes = entries.map((entry: unknown) => {
    if (typeof entry === 'string' && entry.trim() !== '') return { serverAddress: entry.trim() };
    if (isRecord(entry) && typeof entry.serverAddress === 'string') return { serverAddress: entry.serverAddress };
    throw shapeError(what, node, url, entry, 'clusterNodes entries {serverAddress} or address strings');
  });
  return { isCluster: body.isCluster === true, clusterMode: typeof body.clusterMode === 'string' ? body.clusterMode : '', clusterNodes };
}
