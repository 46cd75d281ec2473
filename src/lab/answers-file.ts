// DIR/answers.yaml: a valid answers file for this lab (src/answers/schema.ts),
// plus the secret and license files it points at.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { answersSchema, type AnswersInput } from '../answers/schema.js';
import { ADD_NODE_PATH, REMOVE_NODE_PATH } from './sim/admin-swagger.js';
import { ST_VERSION } from './sim/node-context.js';
import { LAB_INSTALL_DIR, LAB_MEDIA_DIR, LAB_SHARED_FS } from './node-root.js';
import type { LabHosts, LabInfo, LabNode, LabState } from './types.js';

export function writeSecret(file: string, value: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, value, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function writeLicenses(dir: string, name: string, maxNodes: number): { core: string; features: string } {
  const licenses = path.join(dir, 'licenses');
  mkdirSync(licenses, { recursive: true });
  const core = path.join(licenses, 'filedrive.license');
  const features = path.join(licenses, 'st.license');
  writeFileSync(core, `# SecureTransport core license (lab, simulated)\nProduct=SecureTransport\nVersion=5.5\nLicensee=st-cluster lab ${name}\nExpires=never\n`);
  writeFileSync(features, `# SecureTransport features license (lab, simulated)\nProduct=SecureTransport\nEnterpriseCluster=true\nMaxNodes=${maxNodes}\n`);
  return { core, features };
}

/**
 * A hosts lab node's `ssh:` answers: the operator logs in with its key, host keys are prefilled.
 * SecureTransport's account is `cluster.account` (see hostsAccount): the login differs from it,
 * so st-cluster reaches it through `sudo -n -u` (src/adapters/index.ts sshSettingsFor).
 */
export function hostNodeAnswers(hosts: LabHosts, node: LabNode): NonNullable<AnswersInput['nodes']>[number] {
  return {
    name: node.name,
    address: node.address,
    adapter: 'ssh',
    ssh: { host: node.address, port: node.host?.sshPort ?? 22, user: hosts.operator, identityFile: hosts.identityFile, knownHostsFile: hosts.knownHostsFile },
  };
}

/** `cluster.account` of a hosts lab: the non-root account that owns and runs SecureTransport on every node. */
const hostsAccount = (hosts: LabHosts | null | undefined): { account?: string } => (hosts ? { account: hosts.stAccount } : {});

export function writeAnswers(state: LabState, info: Omit<LabInfo, 'answersFile'>, licenses: { core: string; features: string }): string {
  const answers: AnswersInput = {
    apiVersion: 'st-cluster/v1',
    cluster: {
      name: state.name,
      installDir: LAB_INSTALL_DIR,
      version: ST_VERSION,
      autoRegister: state.options.autoRegister,
      tls: { enabled: true, minDaysLeft: 30 },
      // A simulated install takes kilobytes: the real default (4 GB) would fail labs on small disks.
      minFreeDiskMb: 64,
      ...hostsAccount(state.hosts),
      // Each lab keeps its journal, audit log and lock with it, so labs never mix in ~/.st-cluster.
      stateDir: 'state',
    },
    database: {
      type: 'postgresql',
      host: state.db.host,
      port: state.db.port,
      name: state.db.name,
      user: state.db.user,
      password: { file: info.dbPasswordFile },
      ssl: false,
    },
    sharedFs: { path: LAB_SHARED_FS },
    // A simulated install unpacks nothing: the real 20 GB (installer.minTempSpaceMb) would fail labs on small disks.
    installer: { media: LAB_MEDIA_DIR, tempDir: '/tmp', minTempSpaceMb: 64, properties: {} },
    licenses,
    admin: {
      user: 'admin',
      password: { file: info.adminPasswordFile },
      port: state.options.adminPort,
      // A fresh install's Admin presents a self-issued certificate: st-cluster pins what each node presents on itself.
      ...(info.caFile ? { caFile: info.caFile } : {}),
      register: { method: 'api', addPath: ADD_NODE_PATH, removePath: REMOVE_NODE_PATH },
    },
    nodes: state.nodes.map((n) =>
      state.hosts
        ? hostNodeAnswers(state.hosts, n)
        : {
            name: n.name,
            address: n.address,
            adapter: 'lab',
            lab: state.options.latencyMs === null ? { root: n.root } : { root: n.root, latencyMs: state.options.latencyMs },
          },
    ),
  };
  const parsed = answersSchema.safeParse(answers);
  if (!parsed.success) throw new Error(`internal: the lab's answers do not fit the schema: ${parsed.error.message}`);
  const file = path.join(state.dir, 'answers.yaml');
  writeFileSync(file, `# st-cluster answers for the rehearsal lab in ${state.dir} (written by "st-cluster lab up")\n${stringify(answers)}`);
  return file;
}
