// Runs `st-cluster status` once or, with --watch, every few seconds until
// Ctrl-C. Wired as a dry run: the adapters refuse every write, so status cannot
// change a node even by mistake.
import { loadAnswers } from '../answers/index.js';
import type { StatusCommandFlags } from './flags.js';
import { ExitCode } from './exit-codes.js';
import { runRedactor } from '../journal/redact.js';
import { onInterrupt } from './signals.js';
import { runInFrame } from './run-frame.js';
import { wire } from './wiring.js';
import { InterruptedError, UsageError } from '../engine/errors.js';
import { renderStatusTable } from '../ui/status-table.js';
import { collectStatus } from '../day-two/status.js';
import type { Verdict } from '../day-two/verdict.js';

export type StatusFlags = StatusCommandFlags;

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

export function verdictExitCode(verdict: Verdict): number {
  const codes: Record<Verdict, number> = { HEALTHY: ExitCode.ok, DEGRADED: ExitCode.degraded, BROKEN: ExitCode.broken, UNKNOWN: ExitCode.unknown };
  return codes[verdict];
}

function parseFlags(flags: StatusFlags): { parallel: number; intervalMs: number; minNodes?: number } {
  const parallel = Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 256) throw new UsageError(`--parallel ${flags.parallel}: give a whole number from 1 to 256`);
  const interval = Number(flags.interval);
  if (!Number.isFinite(interval) || interval < 1 || interval > 3600) throw new UsageError(`--interval ${flags.interval}: give seconds from 1 to 3600`);
  const minNodes = flags.minNodes === undefined ? undefined : Number(flags.minNodes);
  if (minNodes !== undefined && (!Number.isInteger(minNodes) || minNodes < 1)) throw new UsageError(`--min-nodes ${flags.minNodes}: give a whole number of nodes, at least 1`);
  return { parallel, intervalMs: interval * 1000, ...(minNodes !== undefined ? { minNodes } : {}) };
}

export async function runStatus(flags: StatusFlags, write: (text: string) => void = (t) => process.stdout.write(runRedactor.text(t))): Promise<number> {
  const tty = Boolean(process.stdout.isTTY);
  const controller = new AbortController();
  // Only --watch ends with Ctrl-C; a single look keeps Node's own handling.
  const off = flags.watch ? onInterrupt(() => controller.abort()) : () => undefined;
  const signals = { stop: controller.signal, cut: new AbortController().signal, off };
  // status prints its table, not events: a failure's message goes to stderr with its lines.
  return runInFrame({ silentResult: true, signals, reporter: { emit: () => undefined } }, async ({ onEnd }) => {
    const options = parseFlags(flags);
    const loaded = await loadAnswers(flags.answers, { canPrompt: false });
    const wired = await wire(loaded, { dryRun: true, parallel: options.parallel, events: { emit: () => undefined }, acceptNewHostKeys: Boolean(flags.acceptNewHostKeys) });
    onEnd(() => wired.close());
    const { ctx } = wired;
    let code: number = ExitCode.interrupted;
    for (;;) {
      const status = await collectStatus(ctx, options.minNodes !== undefined ? { minNodes: options.minNodes } : {});
      if (controller.signal.aborted) break;
      const text = flags.json ? `${JSON.stringify(status)}\n` : renderStatusTable(status, { color: tty });
      write(flags.watch && tty && !flags.json ? `${CLEAR_SCREEN}${text}` : `${text}${flags.watch && !flags.json ? '\n' : ''}`);
      code = verdictExitCode(status.verdict);
      if (!flags.watch) break;
      try {
        await ctx.clock.sleep(options.intervalMs, controller.signal);
      } catch (error) {
        if (error instanceof InterruptedError) break;
        throw error;
      }
    }
    // --watch ends with Ctrl-C; the exit code is the last verdict's, as for a single look.
    return { type: 'result', status: 'ok', exitCode: code };
  });
}
