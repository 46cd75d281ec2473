// `setup`, `plan` and `preflight`: one engine, three ways in (DESIGN.md).
import { Option, type Command } from 'commander';
import type { RunFlags } from '../flags.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function common(command: Command, answersRequired = true): Command {
  const answers = 'answers file (YAML, apiVersion st-cluster/v1)';
  return (answersRequired ? command.requiredOption('-a, --answers <file>', answers) : command.option('-a, --answers <file>', `${answers}; on a terminal, optional: the wizard asks for what is missing`))
    .option('--json', 'NDJSON events on stdout, one object per line (stable interface, see README)')
    .option('--parallel <n>', 'nodes worked on at once', '16')
    .option('--accept-risk <id>', 'turn one failed check (ID or ID@node) into a recorded warning; repeatable; needs --reason', collect)
    .option('--reason <text>', 'why the risk is accepted (recorded)')
    .option('--accept-new-host-keys', 'ssh: trust unknown host keys on first use (recorded); never accepts a changed key')
    .option('--junit <file>', 'also write every check as a JUnit XML test case to this file (for CI systems)');
}

export function register(program: Command): void {
  common(program.command('setup').description('walk the ten setup steps: check, plan, apply, verify; ends with a recap per node (actions done / steps unchanged / failed)'), false)
    .option('-y, --yes', 'run unattended: no prompts, no confirmation')
    .option('--dry-run', 'run the read-only probes and print the exact plan (what the run would do, each step judged on what earlier steps leave) and its summary line; change nothing')
    .option('--out <file>', 'with --dry-run: also write the plan file (st-cluster/plan-v1) for st-cluster apply')
    .addOption(new Option('--until <step>', 'stop after the step with this number (1 is the read-only survey; plan lists them all)'))
    .option('--resume', 'continue the last run that did not finish: finished steps are verified again, cut actions judged by their step')
    .option('--force-answers-change', 'with --resume: go on although the answers changed since that run began (recorded)')
    .addOption(new Option('--state-dir <dir>', 'where the journal, audit log and lock live (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .option('--audit-log <file>', 'also append the audit log (every command and file copy on every node) to this file')
    .action(async (flags: RunFlags) => {
      const { runCommand } = await import('../run-command.js');
      await runCommand('setup', flags);
    });
  common(program.command('plan').description('same as setup --dry-run: probes for real, prints every step, node, command and file copy the run would do, then a summary line'))
    .option('--out <file>', 'also write the plan file (st-cluster/plan-v1): every action and its premises, for st-cluster apply')
    .action(async (flags: RunFlags) => {
      const { runCommand } = await import('../run-command.js');
      await runCommand('plan', { ...flags, dryRun: true });
    });
  common(program.command('preflight').description("step 1's checks alone: one line per check and node (✔ pass, ! warning, ✖ fail), passing ones too")).action(async (flags: RunFlags) => {
    const { runCommand } = await import('../run-command.js');
    await runCommand('preflight', { ...flags, dryRun: true, until: '1' });
  });
}
