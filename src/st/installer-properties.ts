// The silent installer's properties file (ST-FACTS.md "Silent installer"), with
// java.util.Properties escaping so a value with `=`, `:` or a backslash reaches
// the installer unchanged. The rendered text holds the DB password: the caller
// writes it 0600 and deletes it after setup.sh; plans and logs get `redacted`.

export interface InstallerPropertiesInput {
  installDir: string;
  db: { host: string; port: number; name: string; user: string };
  dbPassword: { reveal(): string };
  /** Node 1 creates the schema and a new taeh; the others reuse both. */
  first: boolean;
  /** The taeh copied from node 1 (other nodes only). */
  secretFilePath?: string;
  adminPort: number;
  /** The node's own address, only with auto-register. */
  clusterNodeValue?: string;
  extra: Record<string, string>;
}

export interface RenderedProperties {
  /** Contains the password: write it 0600 and delete it after use. */
  text: string;
  /** The same text with the password replaced by `********`, for plans and logs. */
  redacted: string;
}

export const REDACTED = '********';
const PASSWORD_KEY = 'postgrePassword';

/** Keys the wizard owns; `installer.properties` in the answers must not set them. */
export const MANAGED_KEYS = [
  'InstallDir',
  'dbType',
  'postgreHost',
  'postgrePort',
  'postgreDatabaseName',
  'postgreLoginName',
  PASSWORD_KEY,
  'postgreUseExistingSchema',
  'externalDBUseExistingSchema',
  'SecretFilePath',
  'sslAdminPort',
  'clusterNodeValue',
] as const;

export function renderInstallerProperties(input: InstallerPropertiesInput): RenderedProperties {
  if (!input.first && !input.secretFilePath) {
    throw new Error('A node other than the first needs secretFilePath: the taeh copied from the first node.');
  }
  for (const key of Object.keys(input.extra)) {
    if ((MANAGED_KEYS as readonly string[]).includes(key)) {
      throw new Error(`installer.properties.${key} is set by st-cluster itself; remove it from the answers file.`);
    }
  }
  const existing = String(!input.first);
  const entries: [string, string][] = [
    ['InstallDir', input.installDir],
    ['dbType', 'usePostgreSQLExternal'],
    ['postgreHost', input.db.host],
    ['postgrePort', String(input.db.port)],
    ['postgreDatabaseName', input.db.name],
    ['postgreLoginName', input.db.user],
    [PASSWORD_KEY, input.dbPassword.reveal()],
    ['postgreUseExistingSchema', existing],
    ['externalDBUseExistingSchema', existing],
    // Empty on node 1 means "generate a new taeh" (ST-FACTS.md).
    ['SecretFilePath', input.first ? '' : (input.secretFilePath ?? '')],
    ['sslAdminPort', String(input.adminPort)],
  ];
  if (input.clusterNodeValue !== undefined) entries.push(['clusterNodeValue', input.clusterNodeValue]);
  entries.push(...Object.entries(input.extra).sort(([a], [b]) => a.localeCompare(b)));
  const header = '# SecureTransport silent install, written by st-cluster\n';
  const render = (redact: boolean): string =>
    header + entries.map(([k, v]) => `${escapeKey(k)}=${escapeValue(redact && k === PASSWORD_KEY ? REDACTED : v)}\n`).join('');
  return { text: render(false), redacted: render(true) };
}

/** Why ST would refuse this DB password (ST-FACTS.md: no `$`; for PostgreSQL none of `% & +`). */
export function dbPasswordProblems(password: string): string[] {
  const bad = ['$', '%', '&', '+'].filter((c) => password.includes(c));
  return bad.length === 0 ? [] : [`the database password contains ${bad.map((c) => `"${c}"`).join(', ')}, which SecureTransport does not accept with PostgreSQL`];
}

function escapeChars(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === ' ') out += isKey || i === 0 ? '\\ ' : ' ';
    else if (ch === '\\' || ch === '=' || ch === ':' || ch === '#' || ch === '!') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

export const escapeKey = (key: string): string => escapeChars(key, true);
export const escapeValue = (value: string): string => escapeChars(value, false);

export { parseProperties } from './properties-parser.js';
