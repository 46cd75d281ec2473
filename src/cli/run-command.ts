// Runs setup / plan / preflight: load answers, wire ports, walk the steps,
// report, and turn the outcome into an exit code.
import { parseFlags, type CommandName, type RunFlags } from './flags.js';
import { loadAnswers } from '../answers/index.js';
import { UsageError } from '../engine/errors.js';
import { EventBus } from '../engine/events.js';
import { runSteps } from '../engine/runner.js';
import { steps } from '../steps/index.js';
import { HumanReporter } from '../ui/human.js';
import { NdjsonReporter } from '../ui/ndjson.js';
import { ExitCode } from './exit-codes.js';
import { reportFailure, writeStderr, type ResultEvent } from './outcome.js';
import { interrupts } from './signals.js';
import { wire, type Wired } from './wiring.js';
import { JournalSlot } from '../journal/journal-writer.js';
import { runEvent, SetupRun, setupSuccess } from './setup-run.js';
import { JunitSink } from '../ui/junit.js';
import { writeFile } from 'node:fs/promises';

async function writeJunit(file: string, junit: JunitSink): Promise<void> {
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
  // The journal's slot comes first: what stdout shows is already on disk.
  const journalSlot = new JournalSlot();
  const events = new EventBus().add(journalSlot);
  const junit = flags.junit ? new JunitSink() : undefined;
  if (junit) events.add(junit);
  events.add(flags.json ? new NdjsonReporter() : new HumanReporter({ tty: Boolean(process.stdout.isTTY), showPassing: command === 'preflight' }));
  const interrupt = interrupts();
  const real = new SetupRun(events, journalSlot);
  let wired: Wired | undefined;
  let result: ResultEvent;
  try {
    if (!flags.answers) throw new UsageError('--answers FILE is needed: there is no terminal to ask the questions on.', 'write one with st-cluster answers init --out cluster.yaml, or run setup in a terminal.');
    // Answers first: without a terminal a missing answer is named by its YAML key.
    const loaded = await loadAnswers(flags.answers, { canPrompt: false });
    const options = parseFlags(command, flags, steps.length);
    const { register } = loaded.answers.admin;
    if (!flags.dryRun && !loaded.answers.cluster.autoRegister && register.method === 'manual') {
      throw new UsageError('admin.register.method "manual" needs an operator at the Admin Tool, which a scripted run does not have.', 'Set admin.register.method: api (with admin.register.addPath) or cluster.autoRegister: true.');
    }
    if (command === 'setup' && !flags.dryRun) {
      const ctx = await real.run(loaded, flags, options, interrupt.stop, { cut: interrupt.cut, note: (line) => writeStderr(line) });
      result = { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: setupSuccess(ctx.nodes.length, options.until) };
    } else {
      // plan, preflight and dry runs write nothing on the jump host: no journal, no lock.
      wired = await wire(loaded, { dryRun: true, parallel: options.parallel, events, acceptNewHostKeys: Boolean(flags.acceptNewHostKeys) });
      const { ctx } = wired;
      // preflight walks step 1 only; --until keeps the procedure's own numbering (Step 2 of all).
      events.emit(runEvent(command, ctx, command === 'preflight' ? options.until : undefined));
      await runSteps(ctx, steps, { dryRun: true, acceptRisks: options.acceptRisks, signal: interrupt.stop, cut: interrupt.cut, ...(options.until ? { until: options.until } : {}) });
      result = { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: command === 'preflight' ? `Preflight passed on ${ctx.nodes.length} nodes.` : 'Plan complete. Nothing was changed.' };
    }
  } catch (error) {
    result = reportFailure(error, real.journaled ? ' with --resume' : '');
  } finally {
    interrupt.off();
    await wired?.close().catch(() => undefined);
    await real.closeNodes();
  }
  events.emit(result);
  // Released only now: the journal holds the run's result before another run may start.
  for (const warning of await real.closeSession()) writeStderr(warning);
  process.exitCode = result.exitCode;
  if (junit && flags.junit) await writeJunit(flags.junit, junit);
}


