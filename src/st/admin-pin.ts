// Pinned trust of an Admin certificate (issue 12 item 4). A fresh install's Admin
// presents a certificate from a temporary self-issued CA (ST-FACTS.md "Admin after a
// fresh install"), which no CA file on the jump host can vouch for; its SHA-256
// fingerprint, read on the node itself or given in admin.tls.pin, can.
import net from 'node:net';
import tls from 'node:tls';
import { AdminApiError } from './admin-types.js';

/** How a pin is written: "sha256/" and 64 lowercase hex digits (input may use colons and capitals). */
export function normalizePin(pin: string): string {
  const hex = pin.replace(/^sha256\//i, '').replace(/[:\s]/g, '').toLowerCase();
  return `sha256/${hex}`;
}

/** The pin of what openssl's `x509 -fingerprint -sha256` printed ("sha256 Fingerprint=AA:BB:…"), or null. */
export function pinFromOpensslOutput(text: string): string | null {
  const match = /SHA256 Fingerprint=((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/i.exec(text);
  return match ? normalizePin(match[1]!) : null;
}

export interface AdminPin {
  /** normalizePin form. */
  pin: string;
  /** Where it comes from, for messages: "admin.tls.pin" or "read on node1". */
  source: string;
}

/** The command that reads, on the node, the certificate its own Admin port presents. */
export function presentedCertCommand(address: string, port: number): string[] {
  // -servername only for a name: an IP address is no SNI host name (RFC 6066 §3).
  const sni = net.isIP(address) === 0 ? ` -servername '${address}'` : '';
  const connect = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return ['sh', '-c', `openssl s_client -connect '${connect}'${sni} </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256`];
}

export interface PinnedConnect {
  host: string;
  port: number;
  pin: AdminPin;
  timeoutMs: number;
  node: string;
  url: string;
}

/**
 * A TLS socket whose peer certificate matches the pin, resolved before a single byte of
 * the request (Basic credentials) is written. The chain is not judged — a self-issued
 * certificate has none a jump host knows — the pin is, and a mismatch is fatal.
 */
export function connectPinned(o: PinnedConnect): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      ...(net.isIP(o.host) === 0 ? { servername: o.host } : {}),
      // Checked below against the pin before the socket is handed out: never trusted unchecked.
      rejectUnauthorized: false,
      timeout: o.timeoutMs,
    });
    socket.once('timeout', () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ST_TIMEOUT' })));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      socket.removeListener('error', reject);
      const raw = socket.getPeerCertificate().fingerprint256;
      const seen = typeof raw === 'string' && raw !== '' ? normalizePin(raw) : 'none';
      const want = normalizePin(o.pin.pin);
      if (seen === want) {
        socket.setTimeout(0);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new AdminApiError(
          'tls',
          o.url,
          `The Admin certificate of ${o.node} (${o.host}:${o.port}) is not the pinned one: it presents ${seen}, the pin (${o.pin.source}) is ${want}`,
          `Nothing was sent to it. If ${o.node}'s Admin certificate was replaced on purpose, set admin.tls.pin to the new fingerprint (or remove the pin to read it on the node again); otherwise find out what answers on ${o.host}:${o.port} from the jump host.`,
        ),
      );
    });
  });
}
