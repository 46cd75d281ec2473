// pg and socket errors → DbError with a reason and a fix the operator can act on.
// The password never reaches a message: we build our own text and scrub the
// server's text of it anyway, in case a driver ever echoes a connection string.
import { DbError } from './types.js';

export interface DbTarget {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
  ssl: boolean;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EADDRNOTAVAIL']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|ERR_OSSL)/;

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('********') : text;
}

export function describeTarget(t: Pick<DbTarget, 'host' | 'port' | 'name' | 'user'>): string {
  return `${t.user}@${t.host}:${t.port}/${t.name}`;
}

export function toDbError(error: unknown, target: DbTarget, doing: string): DbError {
  if (error instanceof DbError) return error;
  const err = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const raw = scrub(typeof err.message === 'string' ? err.message : String(error), target.password);
  const where = describeTarget(target);
  const at = `${target.host}:${target.port}`;
  const say = (reason: DbError['reason'], what: string, fix: string): DbError => new DbError(reason, `${doing} ${where}: ${what} (${raw})`, fix);
  if (UNREACHABLE.has(code)) {
    return say(
      'unreachable',
      code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `host ${target.host} does not resolve` : `nothing answers at ${at}`,
      `Check database.host and database.port in the answers file, that PostgreSQL is running and listens on ${at} (listen_addresses), and that no firewall blocks the port from this host.`,
    );
  }
  if (code === '28P01') {
    return say('auth', `password authentication failed for role ${target.user}`, 'Check database.user and the secret behind database.password; the role must have LOGIN.');
  }
  if (code === '28000') {
    return say(
      'auth',
      `the server refused role ${target.user}`,
      `Add a pg_hba.conf entry for role ${target.user} and database ${target.name} from this host${target.ssl ? '' : ' (or set database.ssl: true if the entry requires hostssl)'}, then reload PostgreSQL; check the role has LOGIN.`,
    );
  }
  if (code === '3D000') {
    return say('no-database', `database ${target.name} does not exist`, `Create it owned by ${target.user} with default tablespace st_data (CREATE DATABASE ${target.name} OWNER ${target.user} TABLESPACE st_data), or fix database.name.`);
  }
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(raw)) {
    return say('timeout', `no answer from ${at} in time`, `Check that ${at} is reachable from this host (routing, firewall dropping packets) and that the server is not overloaded.`);
  }
  if (TLS_CODE.test(code) || /\bssl\b|\btls\b|certificate/i.test(raw)) {
    return say(
      'ssl',
      'the TLS handshake failed',
      target.ssl
        ? 'The server must accept SSL (ssl = on) with a certificate this host trusts (NODE_EXTRA_CA_CERTS=<CA PEM>); or set database.ssl: false if the network is trusted.'
        : 'The server requires SSL: set database.ssl: true in the answers file.',
    );
  }
  return say('query', code ? `the server answered ${code}` : 'the query failed', 'Read the server message above; check the role has the privileges SecureTransport needs (docs/st-facts.md).');
}
