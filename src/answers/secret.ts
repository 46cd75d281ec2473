// A resolved secret that cannot be printed by accident: string conversion,
// JSON and util.inspect all give "[redacted]"; only reveal() hands out the value.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { inspect } from 'node:util';
import type { SecretRef } from './schema.js';

const redacted = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return redacted;
  }

  toJSON(): string {
    return redacted;
  }

  [Symbol.toPrimitive](): string {
    return redacted;
  }

  [inspect.custom](): string {
    return redacted;
  }
}

export interface SecretProblem {
  /** Where the problem is, relative to the reference: "" (the ref), "env" or "file". */
  at: '' | 'env' | 'file';
  message: string;
  fix: string;
}

export type SecretRead = { ok: true; value: string; source: string } | { ok: false; problem: SecretProblem };

/** Reads an {env} or {file} reference. Messages name the source, never the value. */
export async function readSecretRef(ref: Exclude<SecretRef, 'prompt'>, env: NodeJS.ProcessEnv): Promise<SecretRead> {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined) {
      return { ok: false, problem: { at: 'env', message: `environment variable ${ref.env} is not set`, fix: `export ${ref.env}=… before running st-cluster, or use {file: PATH}` } };
    }
    if (value === '') return { ok: false, problem: { at: 'env', message: `environment variable ${ref.env} is empty`, fix: `set ${ref.env} to the password` } };
    return { ok: true, value, source: `env ${ref.env}` };
  }
  const file = ref.file;
  const info = await stat(file).catch(() => undefined);
  if (!info) return { ok: false, problem: { at: 'file', message: `secret file ${file} does not exist`, fix: `create ${file} holding only the password, then chmod 600 ${file}` } };
  if (!info.isFile()) return { ok: false, problem: { at: 'file', message: `secret file ${file} is not a regular file`, fix: `point file: at a regular file holding only the password` } };
  if ((info.mode & 0o004) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    return { ok: false, problem: { at: 'file', message: `secret file ${file} is readable by every user (mode ${mode})`, fix: `chmod 600 ${file}` } };
  }
  const readable = await access(file, constants.R_OK).then(() => true, () => false);
  if (!readable) return { ok: false, problem: { at: 'file', message: `secret file ${file} cannot be read by this user`, fix: `chown the file to the user running st-cluster and chmod 600 ${file}` } };
  // One trailing line break is what `echo pw > file` adds; it is not part of the password.
  const value = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  if (value === '') return { ok: false, problem: { at: 'file', message: `secret file ${file} is empty`, fix: `write the password into ${file}` } };
  return { ok: true, value, source: `file ${file}` };
}

/**
 * docs/st-facts.md "Prerequisites": a DB password must not contain "$"; for PostgreSQL
 * also none of "% & +". Line breaks would break the silent-install properties file.
 */
export function dbPasswordProblem(value: string, dbType: string): string | undefined {
  const forbidden = dbType === 'postgresql' ? ['$', '%', '&', '+'] : ['$'];
  const found = forbidden.filter((char) => value.includes(char));
  if (found.length > 0) return `contains ${found.map((c) => `"${c}"`).join(', ')}, which SecureTransport refuses in a ${dbType} password (forbidden: ${forbidden.join(' ')})`;
  if (/[\r\n]/.test(value)) return 'contains a line break';
  return undefined;
}
