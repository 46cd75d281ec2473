// Runs setup / plan / preflight in the run frame (run-frame.ts): load answers,
// wire ports, walk the steps; the frame reports and turns the outcome into an exit code.
import { parseFlags, type CommandName, type RunFlags } from './flags.js';
import { loadAnswers } from '../answers/index.js';
import { UsageError } from '../engine/errors.js';
import { runSteps } from '../engine/runner.js';
import { steps } from '../steps/index.js';
import { ExitCode } from './exit-codes.js';
import { writeStderr } from './outcome.js';
import { runInFrame } from './run-frame.js';
import { wire } from './wiring.js';
import { JournalSlot } from '../journal/journal-writer.js';
import { runEvent, SetupRun, setupSuccess } from './setup-run.js';
import { JunitSink } from '../ui/junit.js';
import { writeFile } from 'node:fs/promises';
import { PlanCollector } from '../plan-file/collect.js';
import { writePlanOut } from './plan-file-io.js';

export async function writeJunit(file: string, junit: JunitSink): Promise<void> {
  try {
    await writeFile(file, junit.render());
  } catch (error) {
    // The run's outcome stands; a CI system then misses its report, so say so loudly.
    process.stderr.write(`Could not write the JUnit report ${file}: ${(error as Error).message}\n`);
    if (process.exitCode === 0) process.exitCode = 1;
  }
}


export async function runCommand(command: CommandName, flags: RunFlags): Promise<void> {
  // The wizard (STYLE.md rule 2): on a terminal, without --yes or --json, setup asks for what is missing.
  if (command === 'setup' && !flags.yes && !flags.json && process.stdin.isTTY && process.stdout.isTTY) {
    const { runInteractiveSetup } = await import('./interactive-setup.js');
    return runInteractiveSetup(flags);
  }
  const journalSlot = new JournalSlot();
  const junit = flags.junit ? new JunitSink() : undefined;
  const collector = flags.out ? new PlanCollector() : undefined;
  let real: SetupRun | undefined;
  const frame = { json: Boolean(flags.json), sinks: [journalSlot, ...(junit ? [junit] : []), ...(collector ? [collector] : [])], human: { showPassing: command === 'preflight' }, resumeHint: () => (real?.journaled ? ' with --resume' : '') };
  process.exitCode = await runInFrame(frame, async ({ events, stop, cut, onEnd, afterResult }) => {
    const run = (real = new SetupRun(events, journalSlot));
    onEnd(() => run.closeNodes());
    // Released only after the result: the journal holds the run's result before another run may start.
    afterResult(() => run.closeSession());
    if (!flags.answers) throw new UsageError('--answers FILE is needed: there is no terminal to ask the questions on.', 'write one with st-cluster answers init --out cluster.yaml, or run setup in a terminal.');
    if (flags.out && !flags.dryRun) throw new UsageError('--out writes a plan file: it goes with --dry-run.', `Run st-cluster plan --answers ${flags.answers} --out ${flags.out} (the same as setup --dry-run --out), then st-cluster apply ${flags.out} --answers ${flags.answers} --yes.`);
    // Answers first: without a terminal a missing answer is named by its YAML key.
    const loaded = await loadAnswers(flags.answers, { canPrompt: false });
    const options = parseFlags(command, flags, steps.length);
    const { register } = loaded.answers.admin;
    if (!flags.dryRun && !loaded.answers.cluster.autoRegister && register.method === 'manual') {
      throw new UsageError('admin.register.method "manual" needs an operator at the Admin Tool, which a scripted run does not have.', 'Set admin.register.method: api (with admin.register.addPath) or cluster.autoRegister: true.');
    }
    if (command === 'setup' && !flags.dryRun) {
      const ctx = await run.run(loaded, flags, options, stop, { cut, note: (line) => writeStderr(line) });
      return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: setupSuccess(ctx.nodes.length, options.until) };
    }
    // plan, preflight and dry runs write nothing on the jump host: no journal, no lock.
    const wired = await wire(loaded, { dryRun: true, parallel: options.parallel, events, acceptNewHostKeys: Boolean(flags.acceptNewHostKeys) });
    onEnd(() => wired.close());
    const { ctx } = wired;
    // preflight walks step 1 only; --until keeps the procedure's own numbering (Step 2 of all).
    events.emit(runEvent(command, ctx, command === 'preflight' ? options.until : undefined));
    await runSteps(ctx, steps, { dryRun: true, acceptRisks: options.acceptRisks, signal: stop, cut, summary: command !== 'preflight', ...(options.until ? { until: options.until } : {}) });
    if (flags.out && collector) {
      await writePlanOut({ file: flags.out, collector, acceptRisks: options.acceptRisks, ...(options.until ? { until: options.until } : {}) }, ctx, loaded);
      return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: `Plan complete. Nothing was changed. The plan is in ${flags.out}; apply exactly that with: st-cluster apply ${flags.out} --answers ${flags.answers} --yes` };
    }
    return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: command === 'preflight' ? `Preflight passed on ${ctx.nodes.length} nodes.` : 'Plan complete. Nothing was changed.' };
  });
  if (junit && flags.junit) await writeJunit(flags.junit, junit);
}
