// `apply PLAN.json --answers F --yes` (README "Plan files"): the plan is read and checked,
// the answers read again and every premise probed again through a dry-run wiring (its
// adapters refuse writes) — any difference refuses with exit 2, nothing changed. Then the
// plan runs as `setup` runs (same engine, lock, journal, audit), behind the plan's allow-list.
import path from 'node:path';
import { loadAnswers } from '../answers/index.js';
import { UsageError } from '../engine/errors.js';
import { premiseDifferences } from '../plan-file/compare.js';
import { PlanPremisesError } from '../plan-file/errors.js';
import { planGuard } from '../plan-file/guard.js';
import { steps } from '../steps/index.js';
import { JunitSink } from '../ui/junit.js';
import { JournalSlot } from '../journal/journal-writer.js';
import { ExitCode } from './exit-codes.js';
import { parseFlags, type ApplyCommandFlags, type RunFlags } from './flags.js';
import { writeStderr } from './outcome.js';
import { premisesNow, readPlan } from './plan-file-io.js';
import { runInFrame } from './run-frame.js';
import { writeJunit } from './run-command.js';
import { SetupRun, setupSuccess } from './setup-run.js';
import { wire } from './wiring.js';

export async function runApply(planFile: string, flags: ApplyCommandFlags): Promise<void> {
  const journalSlot = new JournalSlot();
  const junit = flags.junit ? new JunitSink() : undefined;
  let real: SetupRun | undefined;
  const frame = { json: Boolean(flags.json), sinks: [journalSlot, ...(junit ? [junit] : [])], canAcceptRisk: false, resumeHint: () => (real?.journaled ? ' with --resume' : '') };
  process.exitCode = await runInFrame(frame, async ({ events, stop, cut, onEnd, afterResult }) => {
    const run = (real = new SetupRun(events, journalSlot));
    onEnd(() => run.closeNodes());
    afterResult(() => run.closeSession());
    if (!flags.yes) throw new UsageError('apply changes the nodes: pass --yes to run the plan.', `Review the plan first (st-cluster plan --answers ${flags.answers} prints it), then: st-cluster apply ${planFile} --answers ${flags.answers} --yes`);
    const { plan, sha256 } = await readPlan(planFile);
    const loaded = await loadAnswers(flags.answers, { canPrompt: false });
    const risks = plan.options.acceptedRisks;
    const reasons = [...new Set(risks.map((r) => r.reason))];
    const runFlags: RunFlags = {
      answers: flags.answers,
      yes: true,
      parallel: flags.parallel,
      ...(risks.length > 0 ? { acceptRisk: risks.map((r) => r.id), reason: reasons.join('; ') } : {}),
      ...(plan.options.until !== undefined ? { until: String(plan.options.until) } : {}),
      ...(flags.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
      ...(flags.resume ? { resume: true } : {}),
      ...(flags.stateDir !== undefined ? { stateDir: flags.stateDir } : {}),
      ...(flags.auditLog ? { auditLog: flags.auditLog } : {}),
    };
    const parsed = parseFlags('setup', runFlags, steps.length);
    // Each risk keeps the reason the plan gave it.
    const options = { ...parsed, acceptRisks: new Map(risks.map((r) => [r.id, r.reason])) };
    if (!loaded.answers.cluster.autoRegister && loaded.answers.admin.register.method === 'manual') {
      throw new UsageError('admin.register.method "manual" needs an operator at the Admin Tool, which apply does not have.', 'Set admin.register.method: api (with admin.register.addPath) or cluster.autoRegister: true, and make the plan again.');
    }
    // The premises first, read-only: nothing is opened, locked or changed before they hold.
    const probe = await wire(loaded, { dryRun: true, parallel: options.parallel, events, acceptNewHostKeys: Boolean(flags.acceptNewHostKeys) });
    const now = await premisesNow(probe.ctx, loaded).finally(() => probe.close());
    const differences = premiseDifferences(plan.premises, now);
    if (differences.length > 0) throw new PlanPremisesError(planFile, differences);
    const ctx = await run.run(loaded, runFlags, options, stop, { cut, note: (line) => writeStderr(line), command: 'apply', guard: planGuard(plan, planFile), plan: { file: path.resolve(planFile), sha256, createdAt: plan.createdAt, createdBy: `${plan.createdBy.user}@${plan.createdBy.host}` } });
    return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: `${setupSuccess(ctx.nodes.length, options.until)} (plan ${planFile})` };
  });
  if (junit && flags.junit) await writeJunit(flags.junit, junit);
}
