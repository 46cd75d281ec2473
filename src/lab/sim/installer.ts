// `<media>/setup.sh -s <properties>`: the ST silent install, simulated
// (docs/lab-contract.md "Installer"). Every check runs before anything is
// written, so a refused install leaves the install dir and the DB untouched.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addClusterNode, createSchema, schemaExists, schemaFingerprint, taehFingerprint, withClient, type DbConfig } from './db.js';
import { writeInstall } from './install-layout.js';
import { Home, inputPath, loadNodeConfig, mapPath, type InstallInfo } from './node-context.js';
import { start } from './services.js';
import { simulate } from './sim-ops.js';
import { InstallError, readSilentInput } from './silent-input.js';

export { InstallError } from './silent-input.js';

function required(props: Record<string, string>, key: string): string {
  const value = props[key]?.trim();
  if (!value) throw new InstallError(`silent properties: ${key} is required`);
  return value;
}

function useExistingSchema(props: Record<string, string>): boolean {
  const a = propertyFlag(props, 'postgreUseExistingSchema');
  const b = propertyFlag(props, 'externalDBUseExistingSchema');
  if (a !== undefined && b !== undefined && a !== b) {
    throw new InstallError('silent properties: postgreUseExistingSchema and externalDBUseExistingSchema disagree');
  }
  return a ?? b ?? false;
}

function readTaeh(root: string, secretFile: string): Uint8Array {
  const file = inputPath(root, secretFile);
  if (!existsSync(file)) throw new InstallError(`SecretFilePath ${secretFile}: no such file`);
  return readFileSync(file);
}

export async function install(root: string, args: string[], log: (line: string) => void): Promise<void> {
  const input = readSilentInput(root, args);
  const installLog = path.join(mapPath(root, input.axwayHome), 'install.log');
  const say = (line: string): void => {
    log(line);
    appendLog(installLog, line);
  };
  try {
    await installWith(root, input.props, say);
  } catch (error) {
    // As a real installer may: the failure is told with the properties it read, secrets and all,
    // so the lab proves the tool masks what a node prints (issue 11, item 7).
    const echo = Object.entries(input.props).map(([key, value]) => `  ${key}=${value}`);
    const message = error instanceof Error ? error.message : String(error);
    appendLog(installLog, `Installation failed: ${message}`);
    throw new InstallError([message, `Properties read from ${path.basename(input.stFile)}:`, ...echo, `See ${path.join(input.axwayHome, 'install.log')}.`].join('\n'));
  }
}

function appendLog(file: string, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}

async function installWith(root: string, props: Record<string, string>, log: (line: string) => void): Promise<void> {
  const config = loadNodeConfig(root);

  const installDir = required(props, 'InstallDir');
  const home = new Home(root, mapPath(root, installDir));
  if (existsSync(home.dir) && readdirSync(home.dir).length > 0) {
    throw new InstallError(`install directory ${installDir} is not empty: SecureTransport installs only into an empty or absent directory`);
  }
  if (required(props, 'dbType') !== 'usePostgreSQLExternal') throw new InstallError('silent properties: dbType must be usePostgreSQLExternal in the lab');
  const port = Number(required(props, 'postgrePort'));
  if (!Number.isInteger(port)) throw new InstallError('silent properties: postgrePort must be a number');
  const db: DbConfig = {
    host: required(props, 'postgreHost'),
    port,
    name: required(props, 'postgreDatabaseName'),
    user: required(props, 'postgreLoginName'),
    password: required(props, 'postgrePassword'),
  };
  const existing = useExistingSchema(props);
  const secretFile = props.SecretFilePath?.trim() ?? '';
  const clusterNodeValue = props.clusterNodeValue?.trim() || null;
  const sslAdminPort = Number(props.sslAdminPort?.trim() || config.adminPort);
  log(`Installing SecureTransport into ${installDir} (${existing ? 'existing' : 'new'} database schema)`);

  let taeh: Uint8Array;
  await withClient(db, async (client) => {
    const present = await schemaExists(client);
    if (!existing) {
      if (present) throw new InstallError(`database ${db.name} already holds a SecureTransport schema: set postgreUseExistingSchema=true to join it`);
      taeh = secretFile ? readTaeh(root, secretFile) : randomBytes(1024);
      await simulate(root, 'install', 'install', config.delays.installMs);
      await createSchema(client, taehFingerprint(taeh));
      log(`Created the database schema in ${db.name}`);
    } else {
      if (!present) throw new InstallError(`database ${db.name} has no SecureTransport schema: install the first node with postgreUseExistingSchema=false`);
      if (!secretFile) throw new InstallError('SecretFilePath is required with an existing schema: copy bin/taeh from the first node');
      taeh = readTaeh(root, secretFile);
      if (taehFingerprint(taeh) !== (await schemaFingerprint(client))) {
        throw new InstallError(`the taeh at ${secretFile} does not match the database schema: copy bin/taeh from the first node unchanged`);
      }
      await simulate(root, 'install', 'install', config.delays.installMs);
    }
    const info: InstallInfo = { installDir, first: !existing, db: { host: db.host, port: db.port, name: db.name, user: db.user }, clusterNodeValue, sslAdminPort, installedAt: new Date().toISOString() };
    writeInstall(home, info, db, taeh);
    if (clusterNodeValue) {
      const added = await addClusterNode(client, clusterNodeValue);
      log(added ? `Registered ${clusterNodeValue} in the cluster` : `${clusterNodeValue} was already registered`);
    }
  });

  // docs/st-facts.md: after a fresh install only Admin runs.
  const admin = await start(home, 'admin');
  admin.out.forEach(log);
  if (!admin.ok) throw new InstallError(admin.err.join('\n'));
  log('Installation complete');
}

export function propertyFlag(props: Record<string, string>, key: string): boolean | undefined {
  const value = props[key]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  return value === 'true' || value === 'yes' || value === '1';
}
