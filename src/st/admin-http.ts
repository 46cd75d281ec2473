// One HTTPS call to an Admin server, with Basic auth, a constant Referer and
// certificate verification that is never switched off: an untrusted admind
// certificate is an error that says which CA to configure, a pinned one that
// does not match fails before anything is sent.
import https from 'node:https';
import tls from 'node:tls';
import { connectPinned, type AdminPin } from './admin-pin.js';
import { AdminApiError } from './admin-types.js';

export interface AdminHttpOptions {
  host: string;
  port: number;
  user: string;
  password: { reveal(): string };
  /** Extra trusted CAs (PEM); the system roots stay trusted. */
  ca?: () => Promise<string | undefined>;
  timeoutMs: number;
  /** Node name for messages ("on node1"); the host when absent. */
  node?: string;
  /** Where the extra CA came from (admin.caFile), for the fix of a trust failure. */
  caName?: string;
  /** The node's pinned certificate; when it resolves to a pin, the pin is what is trusted. */
  pin?: () => Promise<AdminPin | undefined>;
}

export interface AdminResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

const MAX_BODY = 16 * 1024 * 1024;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EADDRNOTAVAIL', 'EPIPE']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|ERR_OSSL|HOSTNAME_MISMATCH)/;

export function origin(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function transportError(error: unknown, o: AdminHttpOptions, url: string): AdminApiError {
  const err = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const detail = typeof err.message === 'string' ? err.message : String(error);
  if (code === 'ETIMEDOUT' || code === 'ST_TIMEOUT') {
    return new AdminApiError('timeout', url, `No answer from Admin at ${url} within ${o.timeoutMs} ms`, `Is Admin running on ${o.host}, and is port ${o.port} open from the jump host? A busy server may need a longer timeout.`);
  }
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(detail)) return tlsError(code, detail, o, url);
  if (UNREACHABLE.has(code)) {
    return new AdminApiError('unreachable', url, `Admin at ${o.host}:${o.port} is unreachable (${code})`, `Is Admin running on ${o.host} (bin/start_admin), and is port ${o.port} open from the jump host?`);
  }
  return new AdminApiError('unreachable', url, `Call to ${url} failed: ${detail}`, `Is Admin running on ${o.host}, and is port ${o.port} open from the jump host?`);
}

function tlsError(code: string, detail: string, o: AdminHttpOptions, url: string): AdminApiError {
  const where = `${o.node ?? o.host} (${o.host}:${o.port})`;
  const ca = o.caName ? `admin.caFile (${o.caName})` : 'admin.caFile (not set: only the system roots are trusted)';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altname|hostname/i.test(detail)) {
    return new AdminApiError('tls', url, `The Admin certificate of ${where} does not name ${o.host} (hostname mismatch: ${code || detail})`, `Reissue the admind certificate of ${o.node ?? o.host} with ${o.host} in its subjectAltName (SecureTransport checks the address it is called by); ${ca} is the CA it must be signed by.`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new AdminApiError('tls', url, `The Admin certificate of ${where} is not valid now (${code})`, `Renew the admind certificate of ${o.node ?? o.host} (signed by the CA in ${ca}).`);
  }
  return new AdminApiError('tls', url, `The Admin certificate of ${where} is not trusted (${code || detail})`, `Set ${ca.startsWith('admin.caFile (not') ? 'admin.caFile in the answers file to the PEM of the CA' : `${ca} to the PEM of the CA`} that signed the admind certificate of ${o.node ?? o.host}; the address must be in its subjectAltName.`);
}

// Building a context re-parses ~140 system roots: once per CA, not once per call
// (bench/RESULTS.md: 3.5 s of CPU and ~120 MB of a 12-node run went to rebuilding it).
const contexts = new Map<string, tls.SecureContext>();
function contextFor(extraCa: string): tls.SecureContext {
  let context = contexts.get(extraCa);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, extraCa] });
    contexts.set(extraCa, context);
  }
  return context;
}

/** Performs the call; any HTTP status resolves, transport failures reject with AdminApiError. */
export async function adminRequest(o: AdminHttpOptions, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<AdminResponse> {
  const base = origin(o.host, o.port);
  const url = `${base}${path}`;
  const pin = o.pin ? await o.pin() : undefined;
  const extraCa = !pin && o.ca ? await o.ca() : undefined;
  const socket = pin ? await connectPinned({ host: o.host, port: o.port, pin, timeoutMs: o.timeoutMs, node: o.node ?? o.host, url }).catch((error: unknown) => {
    throw error instanceof AdminApiError ? error : transportError(error, o, url);
  }) : undefined;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${o.user}:${o.password.reveal()}`).toString('base64')}`,
    accept: 'application/json',
    // ST's CSRF filter wants a Referer on REST calls (docs/st-facts.md; Axway's sample sends one on every call).
    referer: `${base}/`,
    ...extraHeaders,
  };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise<AdminResponse>((resolve, reject) => {
    const req = https.request(
      {
        host: o.host,
        port: o.port,
        method,
        path,
        headers,
        rejectUnauthorized: true,
        ...(extraCa ? { secureContext: contextFor(extraCa) } : {}),
        // The pinned socket is already verified: the request rides on it. No agent: an agent
        // (even agent: false, a fresh one) would open its own connection and ignore createConnection.
        ...(socket ? { agent: undefined, createConnection: () => socket } : { agent: false }),
        timeout: o.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) req.destroy(new Error(`response larger than ${MAX_BODY} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (error) => reject(transportError(error, o, url)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          const headers = res.headers;
          if (text.trim() === '') return resolve({ status, body: undefined, headers });
          try {
            resolve({ status, body: JSON.parse(text) as unknown, headers });
          } catch {
            if (status >= 200 && status < 300) {
              reject(new AdminApiError(status, url, `Admin at ${url} answered ${status} with a body that is not JSON`, 'Check admin.port points at the Admin REST API (8444 non-root, 444 root install).', 'shape'));
            } else resolve({ status, body: text, headers });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ST_TIMEOUT' })));
    req.on('error', (error) => reject(transportError(error, o, url)));
    req.end(payload);
  });
}

export function statusError(status: number, url: string, body: unknown, host: string, who: { node?: string; user?: string } = {}): AdminApiError {
  const said = typeof body === 'object' && body !== null && 'message' in body ? `: ${String(body.message)}` : '';
  const on = who.node ?? host;
  const user = who.user ? ` (${who.user})` : '';
  if (status === 401) {
    return new AdminApiError(401, url, `admin.password does not log in as admin.user${user} on ${on} (HTTP 401)`, 'Check admin.user and the secret behind admin.password (an Admin Tool administrator); waiting does not help.');
  }
  if (status === 403) {
    return new AdminApiError(403, url, `admin.user${user} may not call ${url.replace(/^https:\/\/[^/]+/, '')} on ${on} (HTTP 403${said})`, 'The admin.user account lacks the rights for this operation; use a master administrator.');
  }
  const fixes: Record<number, string> = {
    404: `${url.replace(/^https:\/\/[^/]+/, '')} does not exist on this server: check the path and the SecureTransport version.`,
    503: `Admin on ${on} is started but not operational: a node installed with the existing schema works once it is registered in the cluster.`,
  };
  return new AdminApiError(status, url, `Admin answered ${status} for ${url}${said}`, fixes[status] ?? `See the Admin server log on ${on} (tomcat/admin/logs/catalina.out).`);
}
