// `st-cluster history`: past runs of a cluster, read from its journal.
import { Option, type Command } from 'commander';

interface HistoryFlags {
  answers?: string;
  stateDir?: string;
  json?: boolean;
  limit?: string;
}

export function register(program: Command): void {
  program
    .command('history')
    .description('past runs of a cluster: when, who, outcome, steps')
    .argument('[cluster]', 'cluster name (default: the only cluster journaled in the state dir)')
    .option('-a, --answers <file>', 'take the cluster name from this answers file')
    .addOption(new Option('--state-dir <dir>', 'where the journals live (default ~/.st-cluster)').env('ST_CLUSTER_STATE_DIR'))
    .option('--limit <n>', 'show only the last n runs')
    .option('--json', 'print the runs as JSON')
    .action(async (cluster: string | undefined, flags: HistoryFlags) => {
      const { renderHistory } = await import('../../journal/history-view.js');
      const { outcomeOf } = await import('../outcome.js');
      try {
        const limit = flags.limit === undefined ? undefined : Number(flags.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
          const { UsageError } = await import('../../engine/errors.js');
          throw new UsageError(`--limit ${flags.limit}: give a whole number of runs, 1 or more`);
        }
        process.stdout.write(await renderHistory({ ...flags, ...(cluster ? { cluster } : {}), limit }));
      } catch (error) {
        const { result, lines } = outcomeOf(error, '');
        process.stderr.write(`${result.message ?? 'history failed'}\n${lines.map((l) => `${l}\n`).join('')}`);
        process.exitCode = result.exitCode;
      }
    });
}
