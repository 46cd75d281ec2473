// The event stream behind every output: the human reporter and `--json`
// (NDJSON, a stable interface documented in README) render the same events.
import { runRedactor, type Redactor } from '../journal/redact.js';

export type StepStatus = 'started' | 'done' | 'already-done' | 'skipped' | 'failed' | 'planned';

export type RunEvent =
  | { type: 'run'; runId: string; command: string; cluster: string; nodes: string[]; dryRun: boolean; steps?: number; journal?: string }
  | {
      type: 'step';
      step: string;
      number: number;
      title: string;
      seed?: string;
      status: StepStatus;
      reason?: string;
      /** Dry run: the earlier planned steps whose expected outcome decided this step (it is judged "after step N"). */
      after?: number[];
    }
  | {
      type: 'check';
      step: string;
      id: string;
      title: string;
      node: string | null;
      status: 'pass' | 'fail' | 'warn' | 'skip';
      detail: string;
      fix?: string;
      acceptedRisk?: string;
    }
  | {
      type: 'action';
      step: string;
      id: string;
      node: string;
      kind: string;
      summary: string;
      /** cut: a second interrupt stopped the run while it ran, or its node was lost under it; it may still be running on the node. */
      status: 'planned' | 'started' | 'done' | 'failed' | 'cut';
      detail?: Record<string, unknown>;
      error?: string;
      /** A failed node command's full output (its tail, when longer than OUTPUT_LIMIT). */
      stdout?: string;
      stderr?: string;
      durationMs?: number;
    }
  | {
      /** A host key trusted on first use (--accept-new-host-keys); in a dry run it was seen, known_hosts left as it was. */
      type: 'host-key';
      node: string;
      host: string;
      port: number;
      fingerprint: string;
      knownHostsFile: string;
      bastion?: boolean;
      dryRun: boolean;
    }
  | {
      /** Something an action did beyond its plan's first try, e.g. a stop forced after its budget. */
      type: 'notice';
      step: string;
      node: string;
      action: string;
      message: string;
    }
  | {
      /** The Admin certificate a node presented on itself, pinned for the run (README "Admin certificate trust"). */
      type: 'admin-pin';
      node: string;
      host: string;
      port: number;
      /** "sha256/<64 hex digits>": a fingerprint, not a secret. */
      fingerprint: string;
      source: string;
    }
  | {
      /** The end of a dry run: what the plan adds up to, and `summary`, the same as one line. */
      type: 'plan';
      /** Planned actions, and the nodes they are on. */
      actions: number;
      nodes: string[];
      alreadyDone: number[];
      skipped: { steps: number[]; reason: string }[];
      /** Steps whose checks fail now (the run would stop there). */
      failed: number[];
      /** Steps past --until. */
      notRun: number[];
      summary: string;
    }
  | {
      /** The end of a real run (also a failed one): per node, actions done, steps that had nothing to change there, actions failed or cut. */
      type: 'recap';
      nodes: { node: string; done: number; unchanged: number; failed: number }[];
    }
  | {
      type: 'result';
      status: 'ok' | 'preflight-failed' | 'step-failed' | 'interrupted' | 'error';
      exitCode: number;
      message?: string;
      /** A failure's explaining lines (each failed check, fix: …), said right after the message on the same stream. */
      explanation?: string[];
    };

export interface EventSink {
  emit(event: RunEvent): void;
}

/** What a failed command said; an error carrying it (`error.output`) puts it on its failed action event. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

export function outputOf(error: unknown): Partial<CommandOutput> {
  const output = (error as { output?: Partial<CommandOutput> } | null)?.output;
  if (typeof output !== 'object' || output === null) return {};
  return {
    ...(typeof output.stdout === 'string' && output.stdout !== '' ? { stdout: output.stdout } : {}),
    ...(typeof output.stderr === 'string' && output.stderr !== '' ? { stderr: output.stderr } : {}),
  };
}

/** Every event is redacted once, here, before any sink (journal, reporter, NDJSON) sees it. */
export class EventBus implements EventSink {
  private readonly sinks: EventSink[] = [];
  constructor(private readonly redactor: Redactor = runRedactor) {}
  add(sink: EventSink): this {
    this.sinks.push(sink);
    return this;
  }
  emit(event: RunEvent): void {
    const safe = this.redactor.value(event);
    for (const sink of this.sinks) sink.emit(safe);
  }
}

/** Keeps every event: tests and the plan command read it back. */
export class EventLog implements EventSink {
  readonly events: RunEvent[] = [];
  emit(event: RunEvent): void {
    this.events.push(event);
  }
}
