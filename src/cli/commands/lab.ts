// `st-cluster lab up|down|fault|status`: the rehearsal lab (DESIGN.md "The lab").
// Only commander is imported up front; the lab loads on use.
import type { Command } from 'commander';

const int = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
};

interface UpFlags {
  dir: string;
  nodes: number;
  dbUrl?: string;
  addressBase: string;
  name?: string;
  adminPort: number;
  maxNodes?: number;
  autoRegister?: boolean;
  latencyMs?: number;
  installDelayMs: number;
  startDelayMs: number;
  adminStartDelayMs?: number;
  stopDelayMs: number;
  hosts?: boolean;
  subnet?: string;
  json?: boolean;
}

async function fail(error: unknown): Promise<void> {
  const { ExitCode } = await import('../exit-codes.js');
  const { LabUsageError } = await import('../../lab/index.js');
  console.error(`st-cluster lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof LabUsageError ? ExitCode.usage : ExitCode.internal;
}

export function register(program: Command): void {
  const lab = program.command('lab').description('A rehearsal cluster on this machine: real PostgreSQL, shared directory, simulated ST nodes.');
  lab
    .command('up')
    .description('start a lab and write DIR/answers.yaml')
    .requiredOption('--dir <dir>', 'lab directory (new or empty)')
    .option('--nodes <n>', 'number of nodes', int('--nodes'), 3)
    .option('--db-url <url>', 'superuser URL of an existing PostgreSQL (default: the lab runs its own)')
    .option('--address-base <ip>', 'node i gets A.B.C.(D+i)', '127.0.0.10')
    .option('--name <name>', 'cluster name (default: lab- and 6 hex digits of the lab dir: every lab its own cluster)')
    .option('--admin-port <port>', 'Admin port of every node', int('--admin-port'), 8444)
    .option('--max-nodes <n>', 'licensed node count (default: --nodes)', int('--max-nodes'))
    .option('--auto-register', 'answers: cluster.autoRegister = true')
    .option('--lab-ca', 'sign every Admin certificate by a lab CA (answers: admin.caFile) instead of a self-issued one per node')
    .option('--latency-ms <ms>', "each node's lab.latencyMs in answers.yaml", int('--latency-ms'))
    .option('--install-delay-ms <ms>', 'simulated install time', int('--install-delay-ms'), 0)
    .option('--start-delay-ms <ms>', 'simulated service start time', int('--start-delay-ms'), 0)
    .option('--admin-start-delay-ms <ms>', "simulated Admin start time, until its port opens (default: --start-delay-ms)", int('--admin-start-delay-ms'))
    .option('--stop-delay-ms <ms>', 'simulated service stop time', int('--stop-delay-ms'), 0)
    .option('--hosts', 'every node its own host: network, mount and UTS namespaces, its own sshd on port 22, reached over ssh as an operator that runs ST through sudo (needs root)')
    .option('--subnet <cidr>', 'hosts lab: its /24 inside 198.18.0.0/15 (default: a free one)')
    .option('--json', 'print {answersFile, db, nodes} as JSON')
    .action(async (flags: UpFlags) => {
      try {
        const { labUp } = await import('../../lab/index.js');
        const { json, ...options } = flags;
        const info = await labUp(options);
        const hosts = info.hosts && { subnet: info.hosts.subnet, jumpAddress: info.hosts.jumpAddress, operator: info.hosts.operator, stAccount: info.hosts.stAccount, identityFile: info.hosts.identityFile, knownHostsFile: info.hosts.knownHostsFile };
        const summary = { answersFile: info.answersFile, db: { host: info.db.host, port: info.db.port, name: info.db.name }, nodes: info.nodes, hosts };
        if (json) {
          console.log(JSON.stringify(summary, null, 2));
          return;
        }
        console.log(`Lab ready in ${info.dir}: database ${info.db.name} on ${info.db.host}:${info.db.port}`);
        for (const n of info.nodes) console.log(`  ${n.name}  ${n.address}  ${n.root}${hosts ? `  (ssh ${hosts.operator}@${n.address}, ST runs as ${hosts.stAccount})` : ''}`);
        if (hosts) console.log(`  on bridge ${hosts.subnet}; this host is ${hosts.jumpAddress}; log in: ssh -i ${hosts.identityFile} -o UserKnownHostsFile=${hosts.knownHostsFile} ${hosts.operator}@${info.nodes[0]!.address}`);
        // The commands as they run from here: st-cluster itself when it is on PATH, else this very binary.
        const cli = await runnableName();
        console.log(`\nNext: ${cli} setup --answers ${info.answersFile}\nAfterwards: ${cli} lab down --dir ${info.dir}`);
      } catch (error) {
        await fail(error);
      }
    });
  lab
    .command('down')
    .description('stop every process the lab started and remove DIR')
    .requiredOption('--dir <dir>', 'lab directory')
    .action(async (flags: { dir: string }) => {
      try {
        await (await import('../../lab/index.js')).labDown(flags.dir);
        console.log(`Lab ${flags.dir} is down and removed`);
      } catch (error) {
        await fail(error);
      }
    });
  lab
    .command('fault')
    .description('rehearse a failure: partition|heal NODE (its link down/up; heal also restarts a killed sshd), kill-sshd NODE, stop-st NODE (SIGKILL its ST processes), restart-db')
    .argument('<kind>', 'partition | heal | kill-sshd | stop-st | restart-db')
    .requiredOption('--dir <dir>', 'lab directory')
    .option('--node <name>', 'the node (every kind but restart-db)')
    .action(async (kind: string, flags: { dir: string; node?: string }) => {
      try {
        const { labFault } = await import('../../lab/index.js');
        console.log(await labFault(flags.dir, kind as never, flags.node));
      } catch (error) {
        await fail(error);
      }
    });
  lab
    .command('status')
    .description('what runs, per node')
    .requiredOption('--dir <dir>', 'lab directory')
    .option('--json', 'print the status as JSON')
    .action(async (flags: { dir: string; json?: boolean }) => {
      try {
        const status = (await import('../../lab/index.js')).labStatus(flags.dir);
        if (flags.json) {
          console.log(JSON.stringify(status, null, 2));
          return;
        }
        const running = status.db.running === null ? 'external server' : status.db.running ? `running (pid ${status.db.pid})` : 'NOT running';
        console.log(`database ${status.db.name} on ${status.db.host}:${status.db.port}: ${running}`);
        for (const n of status.nodes) {
          const services = n.services ? Object.entries(n.services).map(([s, v]) => `${s}=${v}`).join(' ') : '';
          console.log(`${n.name}  ${n.address}  ${n.installed ? 'installed' : 'not installed'}  ${services}`);
        }
      } catch (error) {
        await fail(error);
      }
    });
}

/** "st-cluster" when that name on PATH is this program, else the path of the binary that runs now. */
async function runnableName(): Promise<string> {
  const { realpathSync } = await import('node:fs');
  const path = await import('node:path');
  const self = realpathSync(process.argv[1] ?? '');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      if (realpathSync(path.join(dir, 'st-cluster')) === self) return 'st-cluster';
    } catch {
      // not in this directory
    }
  }
  return self.includes(' ') ? JSON.stringify(self) : self;
}

