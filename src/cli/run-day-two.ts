// Runs add-node / remove-node in the run frame (run-frame.ts): load answers, wire
// ports (src/cli/wiring.ts), walk the day-two steps with the setup's runner; the
// frame reports and returns the exit code outcome.ts maps the ending to.
import { loadAnswers } from '../answers/index.js';
import { parseDayTwoFlags, type DayTwoCommand, type DayTwoFlags } from './flags.js';
import { ExitCode } from './exit-codes.js';
import { runInFrame } from './run-frame.js';
import { wire } from './wiring.js';
import { PreflightFailedError, UsageError } from '../engine/errors.js';
import { on, runChecks } from '../engine/check-runner.js';
import { stNoJobRunning } from '../checks/job-checks.js';
import { runSteps } from '../engine/runner.js';
import type { NodeRef, RunContext, Step } from '../engine/types.js';
import { newRunId, openSetupJournal } from '../journal/setup-journal.js';
import { addNodeSteps } from '../day-two/add-node-steps.js';
import { JournalSlot } from '../journal/journal-writer.js';
import type { Session } from '../journal/session.js';
import { managerFor } from '../day-two/cluster-api.js';
import { REMOVED_NODE_WARNING, removeNodeSteps } from '../day-two/remove-node-steps.js';


/** What add-node and remove-node are given: the union of their flags. */

export function targetNode(ctx: RunContext, name: string, command: DayTwoCommand): NodeRef {
  const node = ctx.nodes.find((n) => n.name === name);
  if (!node) {
    const listed = ctx.nodes.map((n) => n.name).join(', ');
    const fix = command === 'add-node' ? 'Add the new node under nodes: in the answers file (after the existing ones), then run add-node.' : `Name a node listed under nodes: (${listed}).`;
    throw new UsageError(`--node ${name}: no node of that name in the answers file (nodes: ${listed})`, fix);
  }
  if (command === 'add-node' && node.first) {
    throw new UsageError(`--node ${name} is the first node of the answers file: the cluster is built around it, add-node adds another one`, 'List the new node after the existing ones under nodes:.');
  }
  return node;
}


function stepsFor(command: DayTwoCommand, ctx: RunContext, node: NodeRef, flags: DayTwoFlags): Step[] {
  if (command === 'add-node') {
    if (!ctx.dryRun && !ctx.answers.cluster.autoRegister && ctx.answers.admin.register.method === 'manual') {
      throw new UsageError('admin.register.method "manual" needs an operator at the Admin Tool, which add-node does not have.', 'Set admin.register.method: api (with admin.register.addPath) or cluster.autoRegister: true.');
    }
    return addNodeSteps(node);
  }
  return removeNodeSteps(node, managerFor(ctx, node), Boolean(flags.force));
}

function successMessage(command: DayTwoCommand, ctx: RunContext, node: NodeRef): string {
  const warning = command === 'remove-node' ? ` ${REMOVED_NODE_WARNING}` : '';
  if (ctx.dryRun) return `Plan complete. Nothing was changed.${warning}`;
  if (command === 'add-node') return `${node.name} (${node.address}) is added: registered and Online.`;
  return `${node.name} (${node.address}) is removed from the cluster and stopped.${warning}`;
}

/**
 * The lock, then st.no-job-running on every node before the first change: the day-two
 * steps' own preflights do not walk every node, and a vanished run's installer or
 * start_all may still be at work on any of them.
 */
async function lockedAndIdle(session: Session, ctx: RunContext, acceptRisks: ReadonlyMap<string, string>): Promise<void> {
  await session.lockDatabase();
  const { failures } = await runChecks(ctx, on(ctx.nodes, stNoJobRunning), { step: 'no-job-running', acceptRisks, report: true });
  if (failures.length > 0) throw new PreflightFailedError('no-job-running', failures);
}

export async function runDayTwo(command: DayTwoCommand, flags: DayTwoFlags): Promise<number> {
  const slot = new JournalSlot();
  // remove-node has no --accept-risk (its safety checks are overridden by --force only): never suggest it there.
  return runInFrame({ json: Boolean(flags.json), sinks: [slot], canAcceptRisk: command !== 'remove-node' }, async ({ events, stop, cut, onEnd, afterResult }) => {
    const options = parseDayTwoFlags(command, flags);
    const loaded = await loadAnswers(flags.answers, { canPrompt: false });
    const runId = newRunId();
    let session: Session | undefined;
    // Setup's locks and journal (DESIGN.md "Journal, resume, lock"); it refuses while
    // the last setup run is unfinished. A dry run writes nothing on the jump host, as setup --dry-run.
    if (!flags.dryRun) {
      const opened = await openSetupJournal(loaded, { parallel: options.parallel, ...(flags.stateDir !== undefined ? { stateDir: flags.stateDir } : {}), ...(flags.acceptRisk ? { acceptRisk: flags.acceptRisk } : {}), ...(flags.reason ? { reason: flags.reason } : {}) }, runId, command);
      session = opened;
      afterResult(() => opened.close());
      slot.attach(opened.journal);
    }
    const wired = await wire(loaded, { dryRun: Boolean(flags.dryRun), parallel: options.parallel, events, acceptNewHostKeys: Boolean(flags.acceptNewHostKeys), runId, ...(session ? { wrapAdapter: session.audit, recordAudit: session.recordAudit } : {}) });
    onEnd(() => wired.close());
    const { ctx } = wired;
    const node = targetNode(ctx, flags.node, command);
    const steps = stepsFor(command, ctx, node, flags);
    events.emit({ type: 'run', runId: ctx.runId, command: `${command} ${node.name}`, cluster: ctx.answers.cluster.name, nodes: ctx.nodes.map((n) => n.name), dryRun: ctx.dryRun, steps: steps.length, ...(session ? { journal: session.paths.journal } : {}) });
    const open = session;
    const guard = open ? { beforeFirstChange: () => lockedAndIdle(open, ctx, options.acceptRisks), beforeAction: open.beforeAction } : {};
    await runSteps(ctx, steps, { dryRun: ctx.dryRun, acceptRisks: options.acceptRisks, alsoKnownChecks: [stNoJobRunning.id], signal: stop, cut, ...guard }).catch((error: unknown) => {
      throw open?.recordError() ?? error;
    });
    return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: successMessage(command, ctx, node) };
  });
}
