// The one frame every run command lives in (issue 14 item 3): an event bus with
// the journal's slot first and one reporter, the two-stage interrupts, every
// ending turned into a result by outcome.ts, cleanups in reverse order, and the
// exit code returned to the command. A command supplies only what it does.
import { EventBus, type EventSink } from '../engine/events.js';
import { runRedactor, type Redactor } from '../journal/redact.js';
import { HumanReporter, type HumanOptions } from '../ui/human.js';
import { NdjsonReporter } from '../ui/ndjson.js';
import { reportFailure, writeStderr, type ResultEvent } from './outcome.js';
import { interrupts } from './signals.js';

export interface RunFrame {
  events: EventBus;
  /** Aborted by the first interrupt: stop between actions. */
  stop: AbortSignal;
  /** Aborted by the second: stop at once, running actions recorded as cut. */
  cut: AbortSignal;
  /** Run when the command ends, whatever happened (closing adapters, sessions): last added, first run. */
  onEnd: (cleanup: () => unknown) => void;
  /** Run after the result is reported; lines it returns go to stderr (the lock released late, a journal warning). */
  afterResult: (step: () => Promise<readonly string[]>) => void;
}

export interface FrameOptions {
  json?: boolean;
  /** Sinks before the reporter (the journal's slot first: what a reporter shows is already on disk). */
  sinks?: EventSink[];
  /** The reporter; default NDJSON with --json, else the human reporter. */
  reporter?: EventSink;
  human?: HumanOptions;
  /** How a failure says to continue (" with --resume"), judged when it happens. */
  resumeHint?: () => string;
  /** The command has --accept-risk, so its failures may suggest it. */
  canAcceptRisk?: boolean;
  redactor?: Redactor;
  /** A frame of its own interrupts (the wizard stops at once on the second). */
  signals?: { stop: AbortSignal; cut: AbortSignal; off(): void };
  /** No result event (status prints its own table): a failure is told on stderr. */
  silentResult?: boolean;
  /** Adds to a failure's explanation (e.g. where the wizard kept a draft). */
  explainFailure?: (result: ResultEvent) => ResultEvent;
}

export async function runInFrame(options: FrameOptions, body: (frame: RunFrame) => Promise<ResultEvent>): Promise<number> {
  const events = new EventBus(options.redactor ?? runRedactor);
  for (const sink of options.sinks ?? []) events.add(sink);
  events.add(options.reporter ?? (options.json ? new NdjsonReporter() : new HumanReporter({ tty: Boolean(process.stdout.isTTY), ...options.human })));
  const signals = options.signals ?? interrupts();
  const cleanups: (() => unknown)[] = [];
  const after: (() => Promise<readonly string[]>)[] = [];
  const frame: RunFrame = { events, stop: signals.stop, cut: signals.cut, onEnd: (c) => void cleanups.push(c), afterResult: (s) => void after.push(s) };
  let result: ResultEvent;
  try {
    result = await body(frame);
  } catch (error) {
    result = reportFailure(error, options.resumeHint?.() ?? '', options.redactor ?? runRedactor, options.canAcceptRisk ?? true);
    if (options.explainFailure) result = options.explainFailure(result);
  } finally {
    signals.off();
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
  }
  if (!options.silentResult) events.emit(result);
  else if (result.status !== 'ok') for (const line of [result.message ?? 'failed', ...(result.explanation ?? [])]) writeStderr(line);
  for (const step of after) for (const warning of await step()) writeStderr(warning);
  return result.exitCode;
}
