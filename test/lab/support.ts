// Helpers for the lab tests: a random address base per lab (other engineers
// run labs on this machine at the same time), script runs, Admin REST calls.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { labDown, type LabInfo, type LabNode } from '../../src/lab/index.js';
import { AXWAY_INSTALLER_FILE, AXWAY_TEMPLATE, ST_SILENT_FILE, ST_TEMPLATE } from '../../src/lab/sim/media.js';
import { PropertiesText } from '../../src/st/properties-edit.js';

export const INSTALL_DIR = '/opt/Axway/SecureTransport';
export const MEDIA = '/opt/media/SecureTransport';

const rand = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
export const randomAddressBase = (): string => `127.${rand(20, 250)}.${rand(0, 250)}.10`;
export const labDir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'st-lab-test-')), 'lab');
/** lab down, then the temporary parent that labDir() made. */
export async function labDownAndClean(lab: LabInfo | undefined): Promise<void> {
  if (!lab) return;
  await labDown(lab.dir);
  rmSync(path.dirname(lab.dir), { recursive: true, force: true });
}
export const home = (node: LabNode, ...parts: string[]): string => path.join(node.root, INSTALL_DIR, ...parts);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 45_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const script = (node: LabNode, name: string, args: string[] = []): Promise<Run> => run(home(node, 'bin', name), args);

/**
 * Writes a pair of silent files as st-cluster would (the media's templates, edited)
 * into the node's /tmp/<dir>/, then `extra` on the SecureTransport file (null removes
 * a key, `axway.` keys go to the installer file); returns the installer file's path
 * as the node sees it.
 */
export function writeProperties(lab: LabInfo, node: LabNode, extra: Record<string, string | null>, file = 'install.properties'): string {
  const dir = path.join(node.root, 'tmp', file.replace(/\.properties$/, ''));
  mkdirSync(dir, { recursive: true });
  const me = userInfo();
  const st = new PropertiesText(ST_TEMPLATE).removeKeys((k) => k === 'postgrePassword.Format');
  const keys: Record<string, string | null> = {
    'Component.ACCEPT_GENERAL_CONDITIONS': 'Yes',
    Edge: 'false',
    userName: me.username,
    isNonRootInstall: String(me.uid !== 0),
    InstallDir: INSTALL_DIR,
    dbType: 'usePostgreSQLExternal',
    postgreHost: lab.db.host,
    postgrePort: String(lab.db.port),
    postgreDatabaseName: lab.db.name,
    postgreLoginName: lab.db.user,
    postgrePassword: readFileSync(lab.dbPasswordFile, 'utf8'),
    postgreUseExistingSchema: 'false',
    externalDBUseExistingSchema: 'false',
    SecretFilePath: '',
    sslAdminPort: '8444',
    ...extra,
  };
  const axway = new PropertiesText(AXWAY_TEMPLATE).set('InstallDir', path.posix.dirname(INSTALL_DIR)).set('IncludeFiles.SecureTransport', ST_SILENT_FILE);
  for (const [key, value] of Object.entries(keys)) {
    const [target, name] = key.startsWith('axway.') ? [axway, key.slice(6)] : [st, key];
    if (value === null) target.removeKeys((k) => k === name);
    else target.set(name, value);
  }
  writeFileSync(path.join(dir, ST_SILENT_FILE), st.toString(), { mode: 0o600 });
  writeFileSync(path.join(dir, AXWAY_INSTALLER_FILE), axway.toString(), { mode: 0o600 });
  return `/tmp/${path.basename(dir)}/${AXWAY_INSTALLER_FILE}`;
}

export const existingSchema = (secretFile: string): Record<string, string> => ({
  postgreUseExistingSchema: 'true',
  externalDBUseExistingSchema: 'true',
  SecretFilePath: secretFile,
});

/** setup.sh -s FILE as st-cluster runs it: umask 022 (the installer refuses another). */
export const install = (node: LabNode, propsPath: string, umask = '022'): Promise<Run> =>
  run('sh', ['-c', `umask ${umask} && exec "$@"`, 'sh', path.join(node.root, MEDIA, 'setup.sh'), '-s', propsPath]);

export async function labQuery<T extends pg.QueryResultRow>(lab: LabInfo, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ ...lab.db, database: lab.db.name, password: readFileSync(lab.dbPasswordFile, 'utf8') });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  /** Default: a fresh install's admin/admin (ST-FACTS.md "Admin after a fresh install"); null: no credentials. */
  password?: string | null;
  /** Default: sent; false: the call goes without a Referer. */
  referer?: boolean;
}

/** What the call trusts: the lab CA (--lab-ca), else the certificate the node itself issued. */
export const trustOf = (lab: LabInfo, node: LabNode): Buffer => readFileSync(lab.caFile ?? home(node, 'conf', 'certs', 'admind.pem'));

// JSON bodies are checked by the tests' assertions, not by types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function api(lab: LabInfo, node: LabNode, apiPath: string, options: ApiOptions = {}): Promise<{ status: number; body: any }> {
  const password = options.password === undefined ? 'admin' : options.password;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: node.address,
        port: 8444,
        method: options.method ?? 'GET',
        path: `/api/v2.0${apiPath}`,
        ca: trustOf(lab, node),
        headers: {
          ...(options.referer === false ? {} : { referer: 'st-cluster-lab-test' }),
          ...(password === null ? {} : { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` }),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
