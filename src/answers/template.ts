// `st-cluster answers init`: a commented starting point that validates once its
// secrets and license files exist (the test proves it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the checked-in JSON Schema of this installation (dist/answers → ../../schema). */
export const schemaFilePath = (): string => fileURLToPath(new URL('../../schema/answers.schema.json', import.meta.url));

/**
 * Schema reference for the yaml-language-server comment: relative when the answers
 * file lives inside this package (examples, tests), else the absolute path.
 */
export function schemaRefFor(outFile: string | undefined): string {
  const absolute = schemaFilePath();
  if (outFile === undefined) return absolute;
  const packageRoot = path.dirname(path.dirname(absolute));
  const outDir = path.dirname(path.resolve(outFile));
  if (path.relative(packageRoot, outDir).startsWith('..')) return absolute;
  const relative = path.relative(outDir, absolute).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function answersTemplate(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# st-cluster answers file. Validate with: st-cluster answers validate FILE
# Relative paths (licenses, secret files, admin.caFile, ssh files) are relative to this file.
# Secrets are references, never the secret itself: {env: NAME}, {file: PATH} (mode 600) or prompt.
apiVersion: st-cluster/v1

cluster:
  name: st-prod
  # Same absolute path on the local disk of every node: no "~", no spaces, not on the shared FS.
  installDir: /opt/Axway/SecureTransport
  # version: "5.5"          # expected SecureTransport version on every node
  # true: the installer registers each node itself (steps 5-8 are skipped)
  autoRegister: false
  tls:
    enabled: true           # Cluster.enable.SSL
    minDaysLeft: 30

database:
  type: postgresql
  host: db.example.com
  port: 5432
  name: st
  user: st
  # No "$", "%", "&" or "+" in the password (SecureTransport refuses them).
  password: {env: ST_DB_PASSWORD}   # or {file: ./secrets/db-password} or prompt
  ssl: false

sharedFs:
  # Mounted at the same path on every node.
  path: /mnt/st-shared

installer:
  # Directory on each node that holds setup.sh.
  media: /opt/media/SecureTransport
  properties: {}

licenses:
  core: ./licenses/filedrive.license    # installed as conf/filedrive.license
  features: ./licenses/st.license       # with the Enterprise Cluster option

admin:
  user: admin
  password: {env: ST_ADMIN_PASSWORD}    # or {file: ./secrets/admin-password} or prompt
  port: 8444                            # 444 for a root install
  # initialPassword: {env: ST_ADMIN_INITIAL_PASSWORD}  # a fresh install's password (default: admin); step 3 replaces it
  # caFile: ./ca.pem                    # PEM bundle that signs the Admin certificates
  # tls:
  #   pin: sha256/<64 hex digits>       # trust this Admin certificate; default: what each node presents on itself
  register:
    # manual: you add the nodes in the Admin Tool while the wizard waits (interactive only).
    # api: the wizard adds them; set addPath from https://NODE:8444/api/v2.0/docs/swagger.json
    method: manual
    # addPath: /api/v2.0/...

# The first node listed is the first node: installed first, with a new schema.
nodes:
  - name: st1
    address: 10.0.0.11
    adapter: ssh
    ssh:
      user: root
      # identityFile: ~/.ssh/id_ed25519
      # knownHostsFile: ./known_hosts
  - name: st2
    address: 10.0.0.12
    adapter: ssh
    ssh:
      user: root
`;
}
