// `st-cluster remove-node`: take a node out of the cluster, then stop it
// (docs/st-facts.md "Remove a server"; README "Day two").
import { Option, type Command } from 'commander';
import type { RemoveNodeCommandFlags } from '../flags.js';

export function register(program: Command): void {
  program
    .command('remove-node')
    .description('remove a node\'s address through cluster management, then stop every service on it')
    .requiredOption('-a, --answers <file>', 'answers file that still lists the node')
    .requiredOption('--node <name>', 'name of the node to remove')
    .option('-y, --yes', 'run unattended: no prompts, no confirmation')
    .option('--dry-run', 'run the read-only probes and print the exact plan; change nothing')
    .option('--force', 'also remove the last node, or the first node while others depend on it')
    .option('--json', 'NDJSON events on stdout, one object per line (see README "Event stream")')
    .option('--parallel <n>', 'checks run on this many nodes at once', '16')
    .option('--accept-new-host-keys', 'ssh: trust unknown host keys on first use; never accepts a changed key')
    .addOption(new Option('--state-dir <dir>', 'where the lock and the journal live, as for setup (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .action(async (flags: RemoveNodeCommandFlags) => {
      const { runDayTwo } = await import('../run-day-two.js');
      process.exitCode = await runDayTwo('remove-node', flags);
    });
}
