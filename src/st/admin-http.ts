// One HTTPS call to an Admin server, with Basic auth, a constant Referer and
// certificate verification that is never switched off: an untrusted admind
// certificate is an error that says which CA to configure.
import https from 'node:https';
import tls from 'node:tls';
import { AdminApiError } from './admin-types.js';

export interface AdminHttpOptions {
  host: string;
  port: number;
  user: string;
  password: { reveal(): string };
  /** Extra trusted CAs (PEM); the system roots stay trusted. */
  ca?: () => Promise<string | undefined>;
  timeoutMs: number;
}

export interface AdminResponse {
  status: number;
  body: unknown;
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
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(detail)) {
    return new AdminApiError('tls', url, `The Admin certificate of ${o.host}:${o.port} is not trusted (${code || detail})`, 'Set admin.caFile in the answers file to the PEM of the CA that signed the admind certificate; the address must be in its subjectAltName.');
  }
  if (UNREACHABLE.has(code)) {
    return new AdminApiError('unreachable', url, `Admin at ${o.host}:${o.port} is unreachable (${code})`, `Is Admin running on ${o.host} (bin/start_admin), and is port ${o.port} open from the jump host?`);
  }
  return new AdminApiError('unreachable', url, `Call to ${url} failed: ${detail}`, `Is Admin running on ${o.host}, and is port ${o.port} open from the jump host?`);
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
export async function adminRequest(o: AdminHttpOptions, method: string, path: string, body?: unknown): Promise<AdminResponse> {
  const base = origin(o.host, o.port);
  const url = `${base}${path}`;
  const extraCa = o.ca ? await o.ca() : undefined;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${o.user}:${o.password.reveal()}`).toString('base64')}`,
    accept: 'application/json',
    // ST's CSRF filter wants a Referer on REST calls (ST-FACTS.md).
    referer: `${base}/`,
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
        agent: false,
        rejectUnauthorized: true,
        ...(extraCa ? { secureContext: contextFor(extraCa) } : {}),
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
          if (text.trim() === '') return resolve({ status, body: undefined });
          try {
            resolve({ status, body: JSON.parse(text) as unknown });
          } catch {
            if (status >= 200 && status < 300) {
              reject(new AdminApiError(status, url, `Admin at ${url} answered ${status} with a body that is not JSON`, 'Check admin.port points at the Admin REST API (8444 non-root, 444 root install).'));
            } else resolve({ status, body: text });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ST_TIMEOUT' })));
    req.on('error', (error) => reject(transportError(error, o, url)));
    req.end(payload);
  });
}

export function statusError(status: number, url: string, body: unknown, host: string): AdminApiError {
  const said = typeof body === 'object' && body !== null && 'message' in body ? `: ${String(body.message)}` : '';
  const fixes: Record<number, string> = {
    401: 'Check admin.user and the secret behind admin.password (an Admin Tool administrator).',
    403: 'The admin.user account lacks the rights for this operation; use a master administrator.',
    404: `${url.replace(/^https:\/\/[^/]+/, '')} does not exist on this server: check the path and the SecureTransport version.`,
    503: `Admin on ${host} is started but not operational: a node installed with the existing schema works once it is registered in the cluster.`,
  };
  return new AdminApiError(status, url, `Admin answered ${status} for ${url}${said}`, fixes[status] ?? `See the Admin server log on ${host} (tomcat/admin/logs/catalina.out).`);
}
