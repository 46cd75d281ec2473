// `apply PLAN.json`: run exactly a plan file that `plan --out` wrote (README "Plan files").
import { Option, type Command } from 'commander';
import type { ApplyCommandFlags } from '../flags.js';

export function register(program: Command): void {
  program
    .command('apply')
    .description('run exactly the plan a plan --out wrote: refuses (exit 2) when a premise changed, never runs an action the plan lacks')
    .argument('<plan>', 'the plan file (format st-cluster/plan-v1)')
    .requiredOption('-a, --answers <file>', 'answers file (YAML, apiVersion st-cluster/v1): read again and compared with the plan')
    .option('-y, --yes', 'run unattended (required: apply changes the nodes)')
    .option('--json', 'NDJSON events on stdout, one object per line (stable interface, see README)')
    .option('--parallel <n>', 'nodes worked on at once', '16')
    .option('--accept-new-host-keys', 'ssh: trust unknown host keys on first use (recorded); never accepts a changed key')
    .option('--resume', 'continue the last setup or apply run that did not finish, with this plan')
    .addOption(new Option('--state-dir <dir>', 'where the journal, audit log and lock live (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .option('--audit-log <file>', 'also append the audit log (every command and file copy on every node) to this file')
    .option('--junit <file>', 'also write every check as a JUnit XML test case to this file (for CI systems)')
    .action(async (plan: string, flags: ApplyCommandFlags) => {
      const { runApply } = await import('../run-apply.js');
      await runApply(plan, flags);
    });
}
