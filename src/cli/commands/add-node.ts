// `st-cluster add-node`: grow a running cluster by a node newly listed in the
// answers file, by the seed's add-a-server procedure (README "Day two").
import { Option, type Command } from 'commander';
import type { AddNodeCommandFlags } from '../flags.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('add-node')
    .description('preflight, install (existing schema, the cluster\'s taeh), register, license and start a node newly listed in the answers file')
    .requiredOption('-a, --answers <file>', 'answers file that lists the new node after the existing ones')
    .requiredOption('--node <name>', 'name of the new node in the answers file')
    .option('-y, --yes', 'run unattended: no prompts, no confirmation')
    .option('--dry-run', 'run the read-only probes and print the exact plan; change nothing')
    .option('--json', 'NDJSON events on stdout, one object per line (see README "Event stream")')
    .option('--parallel <n>', 'checks run on this many nodes at once', '16')
    .option('--accept-risk <id>', 'turn one failed check (ID or ID@node) into a recorded warning; repeatable; needs --reason', collect)
    .option('--reason <text>', 'why the risk is accepted (recorded)')
    .option('--accept-new-host-keys', 'ssh: trust unknown host keys on first use; never accepts a changed key')
    .addOption(new Option('--state-dir <dir>', 'where the lock and the journal live, as for setup (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .action(async (flags: AddNodeCommandFlags) => {
      const { runDayTwo } = await import('../run-day-two.js');
      process.exitCode = await runDayTwo('add-node', flags);
    });
}
