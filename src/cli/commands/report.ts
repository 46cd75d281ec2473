// `st-cluster report [RUN_ID]`: the evidence of a run, from its journal.
import { Option, type Command } from 'commander';

interface ReportFlags {
  answers?: string;
  cluster?: string;
  stateDir?: string;
  out?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('one run (default: the last) as a self-contained HTML report or JSON: who, when, verdict, a timeline per node, every check')
    .argument('[run-id]', 'the run: its id, or a unique start or end of it (see st-cluster history)')
    .option('-a, --answers <file>', 'take the cluster name from this answers file')
    .option('--cluster <name>', 'the cluster (default: the only cluster journaled in the state dir)')
    .addOption(new Option('--state-dir <dir>', 'where the journals live (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .option('-o, --out <file>', 'write the report to this file (HTML; JSON with --json)')
    .option('--json', 'the report data as JSON (on stdout unless --out)')
    .action(async (runId: string | undefined, flags: ReportFlags) => {
      const { buildReport } = await import('../../report/build-report.js');
      const { outcomeOf } = await import('../outcome.js');
      try {
        if (!flags.out && !flags.json) {
          const { UsageError } = await import('../../engine/errors.js');
          throw new UsageError('report needs --out FILE (HTML) or --json.', 'st-cluster report --answers cluster.yaml --out report.html');
        }
        const { data, written } = await buildReport({ ...flags, ...(runId ? { runId } : {}) });
        if (written) process.stdout.write(`Report of run ${data.runId} (${data.verdict.status}) written to ${written}\n`);
        else process.stdout.write(`${JSON.stringify(data)}\n`);
      } catch (error) {
        const { result, lines } = outcomeOf(error, '');
        process.stderr.write(`${result.message ?? 'report failed'}\n${lines.map((l) => `${l}\n`).join('')}`);
        process.exitCode = result.exitCode;
      }
    });
}
