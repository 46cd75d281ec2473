// What the wizard asks, in the order an operator thinks about a cluster
// (cluster, DB, shared FS, nodes, licenses, admin, TLS, auto-register), with the
// defaults of docs/st-facts.md. Each answer is checked by the zod sub-schema of its
// YAML key, so a prompt never accepts what the answers file would refuse.
import { answersSchema } from '../answers/schema.js';
import { nodePathProblem } from '../answers/rules-layout.js';
import { layout } from '../st/layout.js';

export type Doc = Record<string, unknown>;

export interface Question {
  /** Dotted YAML key; "#" stands for the node index. */
  key: string;
  message: string;
  kind: 'text' | 'number' | 'boolean' | 'choice' | 'secret';
  default?: string | number | boolean;
  /** An empty answer leaves the key out. */
  optional?: boolean;
  /** A path on the jump host: made absolute so the saved file replays from anywhere. */
  localPath?: boolean;
  /** A path every node uses verbatim (docs/st-facts.md: absolute, no "~"; installDir also no spaces). */
  nodePath?: 'strict' | 'plain';
  choices?: { value: string; name: string }[];
  when?: (doc: Doc, node?: Doc) => boolean;
}

export const valueAt = (doc: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined), doc);

const autoRegister = (doc: Doc): boolean => valueAt(doc, ['cluster', 'autoRegister']) === true;

export const clusterQuestions: Question[] = [
  { key: 'cluster.name', message: 'Cluster name', kind: 'text' },
  { key: 'cluster.installDir', message: 'Install directory on every node (local disk)', kind: 'text', default: layout.defaultInstallDir, nodePath: 'strict' },
  { key: 'database.host', message: 'Shared PostgreSQL database: host', kind: 'text' },
  { key: 'database.port', message: 'Database port', kind: 'number', default: 5432 },
  { key: 'database.name', message: 'Database name', kind: 'text' },
  { key: 'database.user', message: 'Database login role', kind: 'text' },
  { key: 'database.password', message: 'Database password', kind: 'secret' },
  { key: 'sharedFs.path', message: 'Shared file system: mount path (the same on every node)', kind: 'text', nodePath: 'plain' },
  { key: 'installer.media', message: 'Installer directory on each node (holds setup.sh)', kind: 'text', nodePath: 'plain' },
];

export const nodeQuestions: Question[] = [
  { key: 'nodes.#.name', message: 'name', kind: 'text' },
  { key: 'nodes.#.address', message: 'address the cluster registers (IP or FQDN)', kind: 'text' },
  {
    key: 'nodes.#.adapter',
    message: 'reached through',
    kind: 'choice',
    default: 'ssh',
    choices: [
      { value: 'ssh', name: 'ssh — a remote server' },
      { value: 'local', name: 'local — this machine' },
      { value: 'lab', name: 'lab — a node of the rehearsal lab' },
    ],
  },
  { key: 'nodes.#.lab.root', message: 'lab node root directory', kind: 'text', localPath: true, when: (_d, n) => n?.adapter === 'lab' },
  { key: 'nodes.#.ssh.user', message: 'ssh user (empty: your own user)', kind: 'text', optional: true, when: (_d, n) => n?.adapter === 'ssh' },
  { key: 'nodes.#.ssh.identityFile', message: 'ssh identity file (empty: the ssh default)', kind: 'text', optional: true, localPath: true, when: (_d, n) => n?.adapter === 'ssh' },
];

export const laterQuestions: Question[] = [
  { key: 'licenses.core', message: 'Core license file on this machine (becomes conf/filedrive.license)', kind: 'text', localPath: true },
  { key: 'licenses.features', message: 'Features license file with the Enterprise Cluster option (becomes conf/st.license)', kind: 'text', localPath: true },
  { key: 'admin.user', message: 'Admin Tool user', kind: 'text', default: 'admin' },
  { key: 'admin.password', message: 'Admin Tool password', kind: 'secret' },
  { key: 'admin.port', message: `Admin port (${layout.adminPortDefault} for a non-root install, ${layout.adminPortRoot} for root)`, kind: 'number', default: layout.adminPortDefault },
  { key: 'cluster.tls.enabled', message: 'Encrypt traffic between nodes (Cluster.enable.SSL)?', kind: 'boolean', default: true },
  { key: 'admin.caFile', message: 'CA bundle (PEM) that signs the Admin certificates (empty: trust the certificate each node presents on itself)', kind: 'text', optional: true, localPath: true },
  { key: 'cluster.autoRegister', message: 'Let the installer register each node (auto-register; skips steps 5–8)?', kind: 'boolean', default: false },
  {
    key: 'admin.register.method',
    message: 'Step 7, adding the nodes to the cluster',
    kind: 'choice',
    default: 'manual',
    choices: [
      { value: 'manual', name: 'manual — you add them in the Admin Tool; st-cluster waits and checks' },
      { value: 'api', name: 'api — st-cluster calls the add-server operation itself' },
    ],
    when: (doc) => !autoRegister(doc),
  },
  {
    key: 'admin.register.addPath',
    message: 'Add-server path, as listed in https://NODE:PORT/api/v2.0/docs/swagger.json',
    kind: 'text',
    when: (doc) => !autoRegister(doc) && valueAt(doc, ['admin', 'register', 'method']) === 'api',
  },
];

interface SchemaLike {
  _zod: { def: { type: string; shape?: Record<string, SchemaLike>; innerType?: SchemaLike; element?: SchemaLike } };
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } };
}

/** The zod schema of one YAML key (defaults and optionals unwrapped by zod itself on parse). */
export function schemaAt(path: readonly (string | number)[]): SchemaLike | undefined {
  let current = answersSchema as unknown as SchemaLike | undefined;
  for (const segment of path) {
    while (current?._zod.def.innerType && !current._zod.def.shape && !current._zod.def.element) current = current._zod.def.innerType;
    if (!current) return undefined;
    const def: SchemaLike['_zod']['def'] = current._zod.def;
    current = typeof segment === 'number' ? def.element : def.shape?.[segment];
  }
  return current;
}

/** true, or why the answers file would refuse this value at `path`. */
export function checkValue(question: Question, path: readonly (string | number)[], value: unknown): true | string {
  if (question.nodePath && typeof value === 'string') {
    const problem = nodePathProblem(value, path.join('.'), layout.defaultInstallDir, question.nodePath === 'strict');
    if (problem) return `${problem.message} (${problem.fix})`;
  }
  const schema = schemaAt(path);
  if (!schema) return true;
  const result = schema.safeParse(value);
  if (result.success) return true;
  const message = result.error.issues[0]?.message ?? 'not a valid value';
  return /^(Invalid|Too|Expected)/i.test(message) ? message : `must be ${message}`;
}
