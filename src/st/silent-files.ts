// The two silent-install files, made from the templates on the installer media
// (docs/st-facts.md "Silent installer"): the Axway installer file that setup.sh -s
// reads, and the SecureTransport file it includes. Keys are those Axway's sample
// sets (MFT-ST-Automation-Ansible roles/st_install/tasks/prepare_properties_files.yml).
// The rendered SecureTransport text holds the DB password in clear: the docs allow
// it once its `.Format` key is gone ("To disable the encryption of the password,
// delete the corresponding Format property", IG silent-install-new/_index.md). The
// media's SilentFileEditor would encrypt it, but takes the value as a command-line
// argument, where any local user can read it in /proc: so st-cluster never uses it.
import { posix } from 'node:path';
import { PropertiesText } from './properties-edit.js';
import { REDACTED } from './installer-properties.js';

export interface TemplateFile {
  /** The file name on the media, e.g. Install_SecureTransport_V5.5.properties. */
  name: string;
  text: string;
}

export interface SilentInstallInput {
  axwayTemplate: TemplateFile;
  stTemplate: TemplateFile;
  /** FILEDRIVEHOME. The Axway home (the installer file's InstallDir) is its parent. */
  installDir: string;
  /** The account that owns and runs SecureTransport (userName). */
  account: string;
  /** The account is not root (isNonRootInstall). */
  nonRoot: boolean;
  javaHome?: string;
  db: { host: string; port: number; name: string; user: string; ssl: boolean; trustStore?: string };
  dbPassword: { reveal(): string };
  /** The first node creates the schema and a new taeh; the others reuse both. */
  first: boolean;
  /** The taeh copied from the first node (other nodes only). */
  secretFilePath?: string;
  adminPort: number;
  /** The node's own address, only with auto-register. */
  clusterNodeValue?: string;
  extra: Record<string, string>;
}

export interface SilentFiles {
  axway: TemplateFile;
  /** Holds the DB password: written 0600 and removed after setup.sh. */
  secureTransport: TemplateFile;
  /** The SecureTransport file with the password replaced by `********`. */
  secureTransportRedacted: string;
}

const PASSWORD_KEY = 'postgrePassword';

/** Keys of the SecureTransport file st-cluster sets itself; `installer.properties` must not set them. */
export const MANAGED_KEYS = [
  'Component.ACCEPT_GENERAL_CONDITIONS', 'Component.JavaHome', 'SelectedBitArchitecture', 'InstMode',
  'SecureTransport', 'SecureTransport.ModuleType', 'Server', 'Server.ModuleType', 'Edge', 'Edge.ModuleType',
  'ServerDocker', 'ServerDocker.ModuleType', 'EdgeDocker', 'EdgeDocker.ModuleType',
  'InstallDir', 'userName', 'isNonRootInstall', 'dbType',
  'postgreHost', 'postgrePort', 'postgreDatabaseName', 'postgreLoginName', PASSWORD_KEY, `${PASSWORD_KEY}.Format`,
  'postgreUseSecureConnection', 'externalDBUseSecureConnection', 'postgreTrustStoreFilePath', 'externalDBTrustStore',
  'postgreUseExistingSchema', 'externalDBUseExistingSchema',
  'SecretFilePath', 'SecretFilePath.Type', 'sslAdminPort', 'tomcatShutdownPort', 'clusterNodeValue',
] as const;

/** A Server install, as the sample's "for all nodes" and "for ST Core" blocks set it. */
const SERVER_MODULES: [string, string][] = [
  ['Component.ACCEPT_GENERAL_CONDITIONS', 'Yes'],
  ['SelectedBitArchitecture', '64'],
  ['InstMode', 'Install'],
  ['SecureTransport', 'true'],
  ['SecureTransport.ModuleType', 'Installed'],
  ['Server', 'true'],
  ['Server.ModuleType', 'Installed'],
  ['Edge', 'false'],
  ['Edge.ModuleType', 'NotInstalled'],
  ['ServerDocker', 'false'],
  ['ServerDocker.ModuleType', 'NotInstalled'],
  ['EdgeDocker', 'false'],
  ['EdgeDocker.ModuleType', 'NotInstalled'],
];

export function renderSilentFiles(input: SilentInstallInput): SilentFiles {
  if (!input.first && !input.secretFilePath) throw new Error('A node other than the first needs secretFilePath: the taeh copied from the first node.');
  const managed = Object.keys(input.extra).find((key) => (MANAGED_KEYS as readonly string[]).includes(key));
  if (managed) throw new Error(`installer.properties.${managed} is set by st-cluster itself; remove it from the answers file.`);

  const axwayHome = posix.dirname(input.installDir);
  const axway = new PropertiesText(input.axwayTemplate.text)
    .removeKeys((key) => key.startsWith('License'))
    .set('InstallationLogicalName', 'SecureTransport')
    .set('InstallDir', axwayHome)
    .set('AllAxwayComps32', 'false')
    .set('AllAxwayComps64', 'true')
    .set('IncludeFiles', '')
    // A name, not a path: the installer finds it beside the installer file (IG silent-install-new).
    .set('IncludeFiles.SecureTransport', input.stTemplate.name);

  const existing = String(!input.first);
  const entries: [string, string][] = [
    ...SERVER_MODULES,
    ...(input.javaHome ? ([['Component.JavaHome', input.javaHome]] as [string, string][]) : []),
    ['InstallDir', input.installDir],
    ['userName', input.account],
    ['isNonRootInstall', String(input.nonRoot)],
    ['dbType', 'usePostgreSQLExternal'],
    ['postgreHost', input.db.host],
    ['postgrePort', String(input.db.port)],
    ['postgreLoginName', input.db.user],
    ['postgreDatabaseName', input.db.name],
    [PASSWORD_KEY, input.dbPassword.reveal()],
    // The installer's default is a secure connection (IG Installing_SecureTransport_Server_external_db_Unix.md).
    ['postgreUseSecureConnection', String(input.db.ssl)],
    ['externalDBUseSecureConnection', String(input.db.ssl)],
    ['postgreTrustStoreFilePath', input.db.trustStore ?? ''],
    ['externalDBTrustStore', input.db.trustStore ?? ''],
    ['postgreUseExistingSchema', existing],
    ['externalDBUseExistingSchema', existing],
    // Empty on the first node means "generate a new taeh"; the others import the first node's.
    ['SecretFilePath', input.first ? '' : input.secretFilePath!],
    // The sample blanks both ports on the nodes that join an existing schema.
    ['sslAdminPort', input.first ? String(input.adminPort) : ''],
    ...(input.first ? [] : ([['SecretFilePath.Type', 'File'], ['tomcatShutdownPort', '']] as [string, string][])),
    ['clusterNodeValue', input.clusterNodeValue ?? ''],
    ...Object.entries(input.extra).sort(([a], [b]) => a.localeCompare(b)),
  ];
  const render = (redact: boolean): string => {
    const text = new PropertiesText(input.stTemplate.text).removeKeys((key) => key === `${PASSWORD_KEY}.Format`);
    for (const [key, value] of entries) text.set(key, redact && key === PASSWORD_KEY ? REDACTED : value);
    return text.toString();
  };
  return {
    axway: { name: input.axwayTemplate.name, text: axway.toString() },
    secureTransport: { name: input.stTemplate.name, text: render(false) },
    secureTransportRedacted: render(true),
  };
}
