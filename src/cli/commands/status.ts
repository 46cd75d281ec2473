// `st-cluster status`: every node's state and the cluster verdict, read-only.
// Exit 0 HEALTHY, 6 DEGRADED, 7 BROKEN (README "Day two").
import type { Command } from 'commander';
import type { StatusCommandFlags } from '../flags.js';

export function register(program: Command): void {
  program
    .command('status')
    .description('per-node state and the cluster verdict: HEALTHY (exit 0), DEGRADED (6), BROKEN (7) or UNKNOWN (8, a fact could not be read); changes nothing')
    .requiredOption('-a, --answers <file>', 'answers file (YAML, apiVersion st-cluster/v1)')
    .option('--json', 'one JSON object (with --watch: one per refresh, one per line)')
    .option('--watch', 'refresh every --interval seconds until Ctrl-C')
    .option('--interval <seconds>', 'seconds between refreshes with --watch', '5')
    .option('--min-nodes <n>', 'DEGRADED when fewer nodes than this are Online')
    .option('--parallel <n>', 'nodes looked at at once', '16')
    .option('--accept-new-host-keys', 'ssh: trust unknown host keys on first use; never accepts a changed key')
    .action(async (flags: StatusCommandFlags) => {
      const { runStatus } = await import('../run-status.js');
      process.exitCode = await runStatus(flags);
    });
}
