// Secrets are references, never literals (DESIGN.md "Answers file"). This stage
// runs before the zod parse so that a literal gets a message that shows the fix
// and never echoes the value back to a terminal or a CI log.
import type { Answers, SecretRef } from './schema.js';
import type { IssueSink } from './issue.js';

export const secretKeys = ['database.password', 'admin.password', 'admin.initialPassword'] as const;
export type SecretKey = (typeof secretKeys)[number];

/** Axway's fresh install answers admin/admin (roles/st_configuration/tasks/main.yml in Axway/MFT-ST-Automation-Ansible). */
export const DEFAULT_INITIAL_ADMIN_PASSWORD = 'admin';

/** The reference behind a secret key; undefined only for an optional key left out (admin.initialPassword). */
export function secretRefOf(answers: Pick<Answers, 'database' | 'admin'>, key: SecretKey): SecretRef | undefined {
  if (key === 'database.password') return answers.database.password;
  return key === 'admin.password' ? answers.admin.password : answers.admin.initialPassword;
}

const examples: Record<SecretKey, { env: string; file: string }> = {
  'database.password': { env: 'ST_DB_PASSWORD', file: './secrets/db-password' },
  'admin.password': { env: 'ST_ADMIN_PASSWORD', file: './secrets/admin-password' },
  'admin.initialPassword': { env: 'ST_ADMIN_INITIAL_PASSWORD', file: './secrets/admin-initial-password' },
};

export function secretRefFix(key: SecretKey): string {
  const { env, file } = examples[key];
  return `use {env: ${env}} or {file: ${file}} or prompt`;
}

export function describeSecretRef(ref: SecretRef | undefined): string {
  if (ref === undefined) return `the default "${DEFAULT_INITIAL_ADMIN_PASSWORD}"`;
  if (ref === 'prompt') return 'prompt';
  return 'env' in ref ? `env ${ref.env}` : `file ${ref.file}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the raw shape of each secret reference. Returns the keys it reported on, so
 * the schema stage can drop zod's own (less helpful) union issues for them.
 */
export function checkSecretRefShapes(raw: unknown, report: IssueSink): Set<string> {
  const handled = new Set<string>();
  for (const key of secretKeys) {
    const [section = '', field = ''] = key.split('.');
    const path = [section, field];
    const parent = isRecord(raw) ? raw[section] : undefined;
    if (!isRecord(parent) || !(field in parent)) continue;
    const value = parent[field];
    const fix = secretRefFix(key);
    if (value === 'prompt') continue;
    handled.add(key);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      report(path, 'a literal secret is not allowed here (the value is not shown)', fix);
    } else if (!isRecord(value)) {
      report(path, 'expected a secret reference', fix);
    } else {
      const keys = Object.keys(value);
      if (keys.length !== 1 || (keys[0] !== 'env' && keys[0] !== 'file')) {
        const what = keys.length === 0 ? 'an empty mapping' : `keys ${keys.map((k) => `"${k}"`).join(', ')}`;
        report(path, `a secret reference has exactly one key, env or file; found ${what}`, fix);
      } else if (keys[0] === 'env' && (typeof value.env !== 'string' || !envName.test(value.env))) {
        report([...path, 'env'], 'not an environment variable name (letters, digits and "_", not starting with a digit)', fix);
      } else if (keys[0] === 'file' && (typeof value.file !== 'string' || value.file === '')) {
        report([...path, 'file'], 'expected a file path', fix);
      } else {
        handled.delete(key);
      }
    }
  }
  return handled;
}
