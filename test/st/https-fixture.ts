// A small HTTPS server playing Admin, with a certificate made by the openssl
// CLI: a CA, and a server certificate for IP 127.0.0.1 signed by it.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Seen, res: ServerResponse) => void;

export interface AdminFixture {
  port: number;
  caPem: string;
  caFile: string;
  /** The server's own certificate (PEM), whose fingerprint a pin names. */
  certPem: string;
  seen: Seen[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startAdminFixture(): Promise<AdminFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-admin-tls-'));
  const at = (f: string): string => path.join(dir, f);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=st-cluster test CA', '-keyout', at('ca.key'), '-out', at('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=admind', '-keyout', at('admind.key'), '-out', at('admind.csr'));
  await writeFile(at('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl('x509', '-req', '-in', at('admind.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', at('ext.cnf'), '-out', at('admind.pem'));
  const seen: Seen[] = [];
  let handler: Handler = (_req, res) => {
    res.writeHead(500).end();
  };
  const server = https.createServer({ key: await readFile(at('admind.key')), cert: await readFile(at('admind.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caPem: await readFile(at('ca.pem'), 'utf8'),
    caFile: at('ca.pem'),
    certPem: await readFile(at('admind.pem'), 'utf8'),
    seen,
    handle(h) {
      handler = h;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function json(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
