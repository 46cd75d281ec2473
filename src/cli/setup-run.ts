// One real `setup` run's plumbing, shared by the scripted and the interactive
// paths: journal and local lock first, adapters audited, the database lock
// taken before the first change, everything given back by close().
import type { LoadedAnswers } from '../answers/index.js';
import type { EventBus } from '../engine/events.js';
import { runSteps, type RunOptions } from '../engine/runner.js';
import type { RunContext } from '../engine/types.js';
import type { JournalSlot } from '../journal/journal-writer.js';
import type { Session } from '../journal/session.js';
import type { PlanRef } from '../journal/records.js';
import { steps } from '../steps/index.js';
import type { parseFlags, RunFlags } from './flags.js';
import { wire, type Wired } from './wiring.js';

export type ParsedFlags = ReturnType<typeof parseFlags>;

/** steps: how many steps the command walks (preflight: 1). */
export const runEvent = (command: string, ctx: RunContext, until?: number) =>
  ({ type: 'run', runId: ctx.runId, command, cluster: ctx.answers.cluster.name, nodes: ctx.nodes.map((n) => n.name), dryRun: ctx.dryRun, steps: Math.min(until ?? steps.length, steps.length) }) as const;

export class SetupRun {
  private session: Session | undefined;
  private wired: Wired | undefined;

  /** Put the slot first on the bus: what a reporter shows is then already journaled. */
  constructor(
    private readonly events: EventBus,
    private readonly slot: JournalSlot,
  ) {}

  get journaled(): boolean {
    return this.session !== undefined;
  }

  /** Opens the journal, wires audited adapters and walks the ten steps for real. */
  /** io.command: 'apply' journals the run as one (same lock, journal and audit); io.guard: its plan's allow-list. */
  async run(loaded: LoadedAnswers, flags: RunFlags, options: ParsedFlags, signal: AbortSignal, io: { note(line: string): void; prepare?(ctx: RunContext): void; cut?: AbortSignal; command?: 'setup' | 'apply'; guard?: RunOptions['guard']; plan?: PlanRef }): Promise<RunContext> {
    const { openSetupJournal, newRunId } = await import('../journal/setup-journal.js');
    const command = io.command ?? 'setup';
    const session = await openSetupJournal(loaded, { ...flags, parallel: options.parallel, until: options.until }, newRunId(), command, io.plan);
    this.session = session;
    this.slot.attach(session.journal);
    for (const note of session.decision.notes) io.note(note);
    this.wired = await wire(loaded, {
      dryRun: false,
      parallel: options.parallel,
      events: this.events,
      acceptNewHostKeys: Boolean(flags.acceptNewHostKeys),
      runId: session.journal.runId,
      wrapAdapter: session.audit,
      recordAudit: session.recordAudit,
    });
    const { ctx } = this.wired;
    trackInterrupted(ctx, this.events, session.decision.interrupted ?? []);
    io.prepare?.(ctx);
    this.events.emit({ ...runEvent(command, ctx), journal: session.paths.journal });
    await runSteps(ctx, steps, {
      dryRun: false,
      acceptRisks: options.acceptRisks,
      signal,
      ...(io.cut ? { cut: io.cut } : {}),
      ...(options.until ? { until: options.until } : {}),
      beforeFirstChange: session.lockDatabase,
      beforeAction: session.beforeAction,
      ...(io.guard ? { guard: io.guard } : {}),
    }).catch((error: unknown) => {
      // A record that could not be written explains whatever failed after it.
      throw session.recordError() ?? error;
    });
    return ctx;
  }

  /** Closes the nodes' connections (removing staged secrets); call before the result is emitted. */
  async closeNodes(): Promise<void> {
    await this.wired?.close().catch(() => undefined);
  }

  /** Gives the locks back after the result is journaled; returns warnings for the operator. */
  async closeSession(): Promise<string[]> {
    return (await this.session?.close()) ?? [];
  }
}

/** Gives checks the cut run's in-flight actions; one on a node is forgotten once the same step's command on it ends done in this run. */
function trackInterrupted(ctx: RunContext, events: EventBus, interrupted: NonNullable<RunContext['interrupted']>): void {
  if (interrupted.length === 0) return;
  ctx.interrupted = interrupted;
  events.add({
    emit(event) {
      if (event.type !== 'action' || event.status !== 'done' || event.kind !== 'exec') return;
      ctx.interrupted = ctx.interrupted?.filter((a) => !(a.node === event.node && a.step === event.step));
    },
  });
}

export function setupSuccess(nodes: number, until?: number): string {
  if (until !== undefined && until < steps.length) return `Steps 1–${until} done. Run setup again to continue.`;
  return `The Enterprise Cluster is set up: ${nodes} nodes Online.`;
}
