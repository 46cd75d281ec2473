import { z } from 'zod';

// A secret is never a literal in the answers file: it is a reference that is
// resolved at run time (DESIGN.md "Answers file"), so the file can be committed
// and shared without leaking a password.
export const secretRefSchema = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
  z.literal('prompt'),
]).describe('a secret reference: {env: NAME}, {file: PATH} (mode 600, relative to this file) or prompt; never the secret itself');
export type SecretRef = z.infer<typeof secretRefSchema>;

const absolutePath = z.string().min(1);

/** The one pin format (README "Admin certificate trust"): sha256/ and 64 hex digits, colons between bytes allowed. */
export const ADMIN_PIN_PATTERN = /^sha256\/(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31})$/;
const adminPinSchema = z
  .string()
  .regex(ADMIN_PIN_PATTERN, 'a pin is "sha256/" and the certificate\'s SHA-256 fingerprint in hex (64 digits, colons between bytes allowed), e.g. from: openssl x509 -noout -fingerprint -sha256 -in admind.pem');

const labAdapterSchema = z.strictObject({
  // The node's private root: the simulated node sees it as "/".
  root: absolutePath,
  // Added latency per adapter operation, to rehearse a slow network (benchmarks).
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});

export const sshOptionAllowList = [
  'ServerAliveInterval',
  'ServerAliveCountMax',
  'Ciphers',
  'MACs',
  'KexAlgorithms',
  'HostKeyAlgorithms',
  'PubkeyAcceptedAlgorithms',
  'Compression',
  'IPQoS',
  'AddressFamily',
] as const;

const sshAdapterSchema = z.strictObject({
  user: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  host: z.string().min(1).optional().describe('SSH host name when it differs from the node address'),
  identityFile: z.string().min(1).optional(),
  knownHostsFile: z.string().min(1).optional(),
  proxyJump: z
    .union([
      z.string().min(1),
      z.strictObject({
        host: z.string().min(1),
        user: z.string().min(1).optional(),
        port: z.number().int().min(1).max(65535).optional(),
        identityFile: z.string().min(1).optional(),
        knownHostsFile: z.string().min(1).optional(),
      }),
    ])
    .optional()
    .describe('bastion: "[user@]host[:port]", or {host, user, port, identityFile, knownHostsFile} (unset keys: the node\'s)'),
  sudo: z.union([z.boolean(), z.strictObject({ user: z.string().min(1) })]).optional(),
  connectTimeout: z.number().int().min(1).max(600).optional(),
  // partialRecord: z.record with enum keys is exhaustive in zod 4 (it would demand every option).
  options: z.partialRecord(z.enum(sshOptionAllowList), z.string()).optional(),
});

export const nodeSchema = z.strictObject({
  // Letter case is spelled out instead of the /i flag: JSON Schema patterns carry no flags.
  name: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'a host-like name: letters, digits and "-"'),
  address: z.string().min(1).describe('IP address or FQDN the cluster registers for this node'),
  adapter: z.string().min(1).default('ssh').describe('local | lab | ssh | a path to an adapter module (./my-adapter.js)'),
  lab: labAdapterSchema.optional(),
  ssh: sshAdapterSchema.optional(),
  options: z.record(z.string(), z.unknown()).optional().describe('settings for a plugin adapter'),
});
export type NodeAnswers = z.infer<typeof nodeSchema>;

export const answersSchema = z.strictObject({
  apiVersion: z.literal('st-cluster/v1'),
  cluster: z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'letters, digits, "-" and "_"'),
    installDir: absolutePath
      .default('/opt/Axway/SecureTransport')
      .describe('the same absolute path on the local disk of every node: no "~", no spaces, not on the shared file system'),
    version: z.string().min(1).optional().describe('expected SecureTransport version on every node'),
    autoRegister: z.boolean().default(false),
    tls: z
      .strictObject({
        enabled: z.boolean().default(true),
        minDaysLeft: z.number().int().min(0).default(30),
      })
      .default({ enabled: true, minDaysLeft: 30 }),
    account: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'a user name')
      .optional()
      .describe('the account that owns and runs SecureTransport on every node (Axway: a non-root user); unset: the account the node adapter logs in as'),
    stateDir: z
      .string()
      .min(1)
      .optional()
      .describe("this cluster's journal, audit log and lock on the jump host, relative to the answers file (default ~/.st-cluster); --state-dir and ST_CLUSTER_STATE_DIR take precedence"),
    // Axway's sample waits up to 600 s for Admin, gives each service 300 s to start
    // (st.service.j2 TimeoutStartSec) and forces stops with stop_all -f (docs/st-facts.md "Durations").
    timeouts: z
      .strictObject({
        adminReadySeconds: z.number().positive().default(600),
        serviceStartSeconds: z.number().positive().default(300),
        serviceStopSeconds: z.number().positive().default(120),
        installSeconds: z.number().positive().default(3600),
        registerSeconds: z.number().positive().default(900),
      })
      .default({ adminReadySeconds: 600, serviceStartSeconds: 300, serviceStopSeconds: 120, installSeconds: 3600, registerSeconds: 900 }),
    maxClockSkewSeconds: z.number().nonnegative().default(5),
    minFreeDiskMb: z.number().int().nonnegative().default(4096),
  }),
  database: z.strictObject({
    type: z.literal('postgresql'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5432),
    name: z.string().min(1),
    user: z.string().min(1),
    password: secretRefSchema,
    ssl: z.boolean().default(false),
    trustStore: absolutePath.optional().describe('with ssl: the trust store on every node the installer uses to verify the DB server'),
    minVersion: z.number().int().min(9).default(12),
  }),
  sharedFs: z.strictObject({
    path: absolutePath.describe('where the shared file system is mounted, the same path on every node'),
  }),
  installer: z.strictObject({
    media: absolutePath.describe('directory on each node that holds the installer (setup.sh, Components/Configuration/)'),
    tempDir: absolutePath.default('/tmp').describe('TEMPORARY_DIR of the installer: it unpacks about 20 GB there'),
    minTempSpaceMb: z.number().int().nonnegative().default(20480).describe('free space needed in tempDir during an install'),
    javaHome: absolutePath.optional().describe('Component.JavaHome of the SecureTransport file; unset: the template\'s'),
    properties: z.record(z.string(), z.string()).default({}).describe('extra keys for the SecureTransport silent file (added, or replacing the template\'s)'),
  }),
  licenses: z.strictObject({
    core: absolutePath.describe('core license on the jump host (installed as conf/filedrive.license)'),
    features: absolutePath.describe('features license with the EC option (installed as conf/st.license)'),
  }),
  admin: z.strictObject({
    user: z.string().min(1).default('admin'),
    password: secretRefSchema,
    port: z.number().int().min(1).max(65535).default(8444),
    initialPassword: secretRefSchema
      .optional()
      .describe('the password of a fresh install (Axway: admin/admin), used once by step 3 to set admin.password; omitted: the literal default "admin"'),
    caFile: z.string().min(1).optional().describe('PEM bundle that signs the Admin certificates'),
    tls: z
      .strictObject({
        pin: z
          .union([adminPinSchema, z.record(z.string(), adminPinSchema)])
          .optional()
          .describe('SHA-256 fingerprint of the Admin certificate: one for every node, or {nodeName: pin}; unset with no caFile: the certificate each node presents on itself is pinned after install'),
      })
      .default({}),
    register: z
      .strictObject({
        method: z.enum(['api', 'manual']).default('api'),
        addPath: z
          .string()
          .startsWith('/')
          .optional()
          .describe('add-server REST path (not documented: take it from /api/v2.0/docs/swagger.json); needed by method api unless cluster.autoRegister'),
        removePath: z.string().startsWith('/').optional(),
      })
      .default({ method: 'api' }),
  }),
  nodes: z.array(nodeSchema).min(1).describe('the cluster nodes; the first one listed is the first node (installed first, new schema)'),
});

export type Answers = z.infer<typeof answersSchema>;
export type AnswersInput = z.input<typeof answersSchema>;
