// `st-cluster setup` on a terminal: ask for what is missing, offer to save the
// answers, show the plan of a read-only dry run, ask once, then run for real with
// the operator answering failed checks and step 7 by hand.
import { EventLog } from '../engine/events.js';
import { PreflightFailedError } from '../engine/errors.js';
import { runSteps } from '../engine/runner.js';
import { JournalSlot } from '../journal/journal-writer.js';
import { runRedactor } from '../journal/redact.js';
import { steps } from '../steps/index.js';
import { restoreTerminal, startActivity } from '../ui/activity.js';
import { HumanReporter } from '../ui/human.js';
import { createOperator } from '../ui/operator.js';
import { renderPlanSummary } from '../ui/plan-summary.js';
import { InquirerPrompter, type Prompter } from '../ui/prompter.js';
import { parseFlags, type RunFlags } from './flags.js';
import { ExitCode } from './exit-codes.js';
import { writeStderr, type ResultEvent } from './outcome.js';
import { runInFrame } from './run-frame.js';
import { onInterrupt } from './signals.js';
import { collectAnswers, type Collected } from './wizard-collect.js';
import { offerSave } from './wizard-save.js';
import { runEvent, SetupRun, setupSuccess } from './setup-run.js';
import { wire } from './wiring.js';
import { existsSync } from 'node:fs';
import { UsageError } from '../engine/errors.js';
import { resolveStateDir } from '../journal/records.js';
import { draftPath, loadDraft, offerDraft, removeDraft, saveDraft } from './wizard-draft.js';
import type { Doc } from './wizard-questions.js';
import { changedSince, declinedResume, offerResume, rawCluster, unfinishedRun, withSavedRefs } from './wizard-resume.js';

// Everything the wizard shows passes the run's redactor: failed checks quote what nodes said.
const write = (text: string): void => void process.stdout.write(runRedactor.text(text));

export async function runInteractiveSetup(flags: RunFlags, prompter: Prompter = new InquirerPrompter()): Promise<void> {
  const reporter = new HumanReporter({ tty: true, showPassing: true });
  // The journal's slot first: what the operator sees is already on disk.
  const slot = new JournalSlot();
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) {
      // The operator insists: stop now; only the current action's cleanup is lost.
      reporter.pause();
      restoreTerminal();
      writeStderr('\nStopped at once. Run st-cluster setup again to verify and continue.');
      process.exit(ExitCode.interrupted);
    }
    writeStderr('\nStopping after the current action (its temporary files are removed). Ctrl-C again to stop at once.');
    controller.abort();
  };
  const offInterrupt = onInterrupt(onSignal);
  let real: SetupRun | undefined;
  let resumeHint = '';
  let draftFile: string | undefined;
  const frame = {
    sinks: [slot],
    reporter,
    signals: { stop: controller.signal, cut: new AbortController().signal, off: offInterrupt },
    resumeHint: () => (real?.journaled ? ' with --resume' : resumeHint),
    explainFailure: (result: ResultEvent): ResultEvent => {
      reporter.pause();
      if (!draftFile || !existsSync(draftFile)) return result;
      return { ...result, explanation: [...(result.explanation ?? []), `Your answers so far are kept in ${draftFile} (no secret): the wizard offers them when it starts again.`] };
    },
  };
  process.exitCode = await runInFrame(frame, async ({ events, onEnd, afterResult }) => {
    const run = (real = new SetupRun(events, slot));
    onEnd(() => run.closeNodes());
    afterResult(() => run.closeSession());
    const options = parseFlags('setup', { ...flags, yes: true }, steps.length);
    write('st-cluster setup — the interactive wizard. Nothing on the nodes changes until you confirm the plan; Ctrl-C stops at any time.\n');
    const fromFile = flags.answers ? await rawCluster(flags.answers) : undefined;
    const stateDir = resolveStateDir(flags.stateDir, process.env, fromFile?.stateDir);
    const runFlags: RunFlags = { ...flags };
    // An unfinished run is settled before the first question when the answers file names the cluster.
    let unfinished = fromFile?.name === undefined ? undefined : await unfinishedRun(stateDir, fromFile.name);
    let asked = false;
    if (unfinished && !runFlags.resume) {
      asked = true;
      if (!(await offerResume(unfinished, prompter, write))) throw declinedResume(unfinished);
      runFlags.resume = true;
    }
    const draft = flags.answers && existsSync(flags.answers) ? undefined : await loadDraft(stateDir);
    const start = draft && (await offerDraft(draft, prompter)) ? draft.doc : undefined;
    let draftWarned = false;
    const keepDraft = async (doc: Doc): Promise<void> => {
      try {
        await saveDraft(stateDir, doc);
        draftFile = draftPath(stateDir);
      } catch (error) {
        // The wizard goes on without a draft; the operator is told once.
        if (!draftWarned) writeStderr(`Could not keep a draft of the answers in ${draftPath(stateDir)}: ${(error as Error).message}`);
        draftWarned = true;
      }
    };
    const collected = await collectAnswers(flags.answers, { prompter, write, secrets: new Map(), cwd: process.cwd(), env: process.env, onAnswer: keepDraft }, start);
    const typed = secretKeysTyped(collected);
    let { loaded } = collected;
    if (collected.asked > 0) {
      const saved = await offerSave(collected.doc, collected.loaded, { prompter, write, cwd: process.cwd(), typedSecrets: typed }, collected.file);
      if (saved) {
        resumeHint = ` (st-cluster setup --answers ${saved.file})`;
        // The run is journaled with the saved file's references: that file resumes it.
        loaded = await withSavedRefs(loaded, saved.refs);
        await removeDraft(stateDir);
      }
    } else if (flags.answers) {
      resumeHint = ` (st-cluster setup --answers ${flags.answers})`;
    }
    // Without an answers file the cluster is known only now.
    unfinished ??= await unfinishedRun(stateDir, loaded.answers.cluster.name);
    if (unfinished && !runFlags.resume && !flags.dryRun) {
      if (!asked && !(await offerResume(unfinished, prompter, write))) throw declinedResume(unfinished);
      runFlags.resume = true;
    }
    const changed = unfinished && runFlags.resume ? changedSince(unfinished, loaded) : [];
    if (changed.length > 0 && !runFlags.forceAnswersChange && !flags.dryRun) {
      write(`\nThe answers changed since that run began: ${changed.join(', ')}.\n`);
      if (!(await prompter.confirm({ message: 'Continue it with the changed answers (recorded in the journal as --force-answers-change)?', default: false }))) {
        throw new UsageError(`The answers changed since the unfinished run began (${changed.join(', ')}); nothing was changed.`, 'Put the answers back as they were, or continue with --resume --force-answers-change.');
      }
      runFlags.forceAnswersChange = true;
    }
    if (flags.dryRun) {
      const wired = await wire(loaded, { dryRun: true, parallel: options.parallel, events });
      onEnd(() => wired.close());
      events.emit(runEvent('setup', wired.ctx));
      await runSteps(wired.ctx, steps, { dryRun: true, acceptRisks: options.acceptRisks, signal: controller.signal, ...(options.until ? { until: options.until } : {}) });
      return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: 'Plan complete. Nothing was changed.' };
    } else if (!(await showPlanAndConfirm({ ...collected, loaded }, prompter, options, controller.signal))) {
      return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: `Nothing was changed. Run the wizard again when you are ready${resumeHint}.` };
    } else {
      const ctx = await run.run(loaded, runFlags, options, controller.signal, {
        note: (line) => write(`${line}\n`),
        prepare: (c) => (c.operator = createOperator(prompter, { write, pause: () => reporter.pause(), resume: () => reporter.resume() })),
      });
      const done = setupSuccess(ctx.nodes.length, options.until);
      await removeDraft(stateDir);
      return { type: 'result', status: 'ok', exitCode: ExitCode.ok, message: done };
    }
  });
  restoreTerminal();
}

function secretKeysTyped(collected: Collected): string[] {
  const { answers } = collected.loaded;
  return (['database.password', 'admin.password'] as const).filter((key) => (key === 'database.password' ? answers.database.password : answers.admin.password) === 'prompt');
}

/** The read-only dry run, its summary and the one confirmation. */
async function showPlanAndConfirm(collected: Collected, prompter: Prompter, options: ReturnType<typeof parseFlags>, signal: AbortSignal): Promise<boolean> {
  const log = new EventLog();
  const activity = startActivity('Checking the nodes, the database and the shared file system (read-only)…', { tty: true });
  const dry = await wire(collected.loaded, { dryRun: true, parallel: options.parallel, events: log });
  let failedNow = false;
  try {
    await runSteps(dry.ctx, steps, { dryRun: true, acceptRisks: options.acceptRisks, signal, ...(options.until ? { until: options.until } : {}) });
    activity.succeed('Read-only checks done; nothing was changed.');
  } catch (error) {
    if (!(error instanceof PreflightFailedError)) {
      activity.stop();
      throw error;
    }
    failedNow = true;
    activity.fail('Some checks fail now (listed below); the run stops at them and asks what to do.');
  } finally {
    await dry.close().catch(() => undefined);
  }
  write('\n');
  for (const line of renderPlanSummary(log.events, collected.loaded.answers.nodes, steps.length)) write(`${line}\n`);
  write('\n');
  return prompter.confirm({
    message: failedNow ? 'Start the run anyway (it stops at the failing checks and asks you)?' : `Apply this plan to the ${collected.loaded.answers.nodes.length} nodes now?`,
    default: false,
  });
}
