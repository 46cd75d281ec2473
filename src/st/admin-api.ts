// The Admin REST API v2.0 client (docs/st-facts.md) over node:https. Basic auth on
// every call, so there is no session to expire during a long install.
import { readFile } from 'node:fs/promises';
import type { AdminApi, AdminCertificate, AdminDaemon, ClusterManagement } from './admin-types.js';
import { AdminApiError } from './admin-types.js';
import { adminRequest, origin, statusError } from './admin-http.js';
import type { AdminHttpOptions, AdminResponse } from './admin-http.js';
import type { AdminPin } from './admin-pin.js';
import { readCertificate, readClusterManagement, readDaemons, readPage, shapeError } from './admin-shapes.js';
import { layout } from './layout.js';

export interface AdminApiSettings {
  address: string;
  port: number;
  user: string;
  password: { reveal(): string };
  /** PEM text, or the path of a PEM file, of the CA that signed the admind certificate. */
  caFile?: string;
  timeoutMs?: number;
  /** The node's name in the answers, for messages ("on node1"). */
  nodeName?: string;
  /** The certificate pin to trust instead of a CA (admin.tls.pin, or read on the node after install). */
  pin?: () => Promise<AdminPin | undefined>;
}

export const DEFAULT_ADMIN_TIMEOUT_MS = 30_000;
/** Lists are paged; ST's Webservices.EntriesPerPage default is 100 (ST-FACTS.md "Admin REST API v2.0"). */
export const ADMIN_PAGE_LIMIT = 100;
const MAX_PAGES = 10_000;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function loadCa(caFile: string | undefined): (() => Promise<string | undefined>) | undefined {
  if (!caFile) return undefined;
  if (caFile.includes('-----BEGIN')) return () => Promise.resolve(caFile);
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= readFile(caFile, 'utf8').catch((error: unknown) => {
      cached = undefined;
      const code = (error as { code?: string }).code ?? String(error);
      throw new AdminApiError('tls', caFile, `Cannot read admin.caFile ${caFile} (${code})`, 'Set admin.caFile to a readable PEM file on the jump host.');
    });
    return cached;
  };
}

/** "METHOD /basePath/path" for every operation a swagger 2.0 / OpenAPI 3 document lists. */
export function operationsFromSwagger(doc: unknown): string[] {
  const d = (doc ?? {}) as { basePath?: unknown; paths?: unknown; servers?: unknown };
  let base = typeof d.basePath === 'string' ? d.basePath : '';
  const server = Array.isArray(d.servers) ? (d.servers[0] as { url?: unknown } | undefined)?.url : undefined;
  if (!base && typeof server === 'string') base = server.replace(/^[a-z]+:\/\/[^/]+/i, '');
  base = base.replace(/\/+$/, '');
  const paths = typeof d.paths === 'object' && d.paths !== null ? (d.paths as Record<string, unknown>) : {};
  const ops: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.includes(method.toLowerCase())) ops.push(`${method.toUpperCase()} ${base}${path}`);
    }
  }
  return ops;
}

export function createAdminApi(settings: AdminApiSettings): AdminApi {
  const http: AdminHttpOptions = {
    host: settings.address,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    timeoutMs: settings.timeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS,
    ...(settings.nodeName ? { node: settings.nodeName } : {}),
  };
  const ca = loadCa(settings.caFile);
  if (ca) http.ca = ca;
  if (settings.caFile) http.caName = settings.caFile.includes('-----BEGIN') ? 'PEM text' : settings.caFile;
  if (settings.pin) http.pin = settings.pin;
  const node = settings.nodeName ?? settings.address;
  const who = { user: settings.user, ...(settings.nodeName ? { node: settings.nodeName } : {}) };
  const base = layout.adminApiBasePath;
  const baseUrl = `${origin(settings.address, settings.port)}${base}`;
  const urlOf = (path: string): string => `${origin(settings.address, settings.port)}${path}`;

  const call = async (method: string, path: string, body?: unknown, alsoOk: number[] = []): Promise<AdminResponse> => {
    const res = await adminRequest(http, method, path, body);
    if (!alsoOk.includes(res.status) && !(res.status >= 200 && res.status < 300)) throw statusError(res.status, urlOf(path), res.body, settings.address, who);
    return res;
  };

  /** Every page of a list: offset/limit until a page returns fewer than the limit (resultSet.returnCount). */
  const allPages = async <T>(path: string, what: string, read: (item: unknown, url: string) => T): Promise<T[]> => {
    const items: T[] = [];
    for (let offset = 0, pages = 0; pages < MAX_PAGES; pages += 1) {
      const paged = `${path}${path.includes('?') ? '&' : '?'}offset=${offset}&limit=${ADMIN_PAGE_LIMIT}`;
      const page = readPage((await call('GET', paged)).body, what, node, urlOf(paged));
      items.push(...page.items.map((item) => read(item, urlOf(paged))));
      if (page.returned < ADMIN_PAGE_LIMIT || page.items.length === 0) return items;
      offset += page.returned;
    }
    throw shapeError(what, node, urlOf(path), undefined, `an end within ${MAX_PAGES} pages`);
  };

  return {
    baseUrl,
    async version() {
      const res = await call('GET', `${base}${layout.adminPaths.version}`, undefined, [503]);
      if (res.status === 503) return null;
      const version = (res.body as { version?: unknown } | undefined)?.version;
      if (typeof version === 'string') return version;
      throw new AdminApiError(res.status, urlOf(`${base}${layout.adminPaths.version}`), `Admin on ${settings.address} answered without a version`, 'Check admin.port points at the SecureTransport Admin REST API.', 'shape');
    },
    async clusterManagement(): Promise<ClusterManagement> {
      const path = `${base}${layout.adminPaths.clusterManagement}`;
      return readClusterManagement((await call('GET', path)).body, node, urlOf(path));
    },
    async addClusterNode(path, serverAddress) {
      const res = await adminRequest(http, 'POST', path, { serverAddress });
      if (res.status === 409) {
        throw new AdminApiError(409, urlOf(path), `${serverAddress} is already registered in the cluster of ${settings.address}`, 'Do not add an address twice (a duplicate is invalid); check the cluster management listing, and remove the duplicate there if one was added.');
      }
      if (res.status < 200 || res.status >= 300) throw statusError(res.status, urlOf(path), res.body, settings.address, who);
    },
    async removeClusterNode(path, serverAddress) {
      await call('DELETE', `${path.replace(/\/+$/, '')}/${encodeURIComponent(serverAddress)}`);
    },
    async publishedOperations() {
      return operationsFromSwagger((await call('GET', layout.swaggerPath)).body);
    },
    async getOption(name) {
      const res = await call('GET', `${base}${layout.adminPaths.options}/${encodeURIComponent(name)}`, undefined, [404]);
      if (res.status === 404) return null;
      const values = (res.body as { values?: unknown } | undefined)?.values;
      return Array.isArray(values) ? values.map(String) : null;
    },
    async setOption(name, values) {
      await call('PUT', `${base}${layout.adminPaths.options}`, [{ name, values }]);
    },
    async localCertificates(): Promise<AdminCertificate[]> {
      // The fields Axway's REST examples ask for: name (the alias), subject, expirationTime (ms).
      return allPages(`${base}/certificates?usage=local&fields=name,subject,expirationTime`, 'the local certificates', (item, url) => readCertificate(item, node, url));
    },
    async daemons(): Promise<AdminDaemon[]> {
      const path = `${base}/daemons`;
      return readDaemons((await call('GET', path)).body, node, urlOf(path));
    },
    async changePassword(newPassword) {
      // Axway's sample (roles/st_configuration/tasks/main.yml): POST /myself logs in, its session
      // (cookie + csrfToken) carries PATCH /myself with templates/passwordChange.json.j2, 204.
      const myself = `${base}${layout.adminPaths.myself}`;
      const login = await call('POST', myself, {}, [200, 201, 202]);
      const cookies = [login.headers?.['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).filter(Boolean).join('; ');
      const token = [login.headers?.csrftoken ?? []].flat()[0];
      const session: Record<string, string> = { ...(cookies ? { cookie: cookies } : {}), ...(token ? { csrftoken: token } : {}) };
      const patch = [{ op: 'replace', path: '/passwordCredentials/password', value: newPassword.reveal() }];
      const res = await adminRequest(http, 'PATCH', myself, patch, session);
      if (res.status !== 204 && res.status !== 200) throw statusError(res.status, urlOf(myself), res.body, settings.address, who);
    },
  } satisfies AdminApi;
}
