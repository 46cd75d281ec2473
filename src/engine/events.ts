// The event stream behind every output: the human reporter and `--json`
// (NDJSON, a stable interface documented in README) render the same events.

export type StepStatus = 'started' | 'done' | 'already-done' | 'skipped' | 'failed' | 'planned';

export type RunEvent =
  | { type: 'run'; runId: string; command: string; cluster: string; nodes: string[]; dryRun: boolean; steps?: number }
  | { type: 'step'; step: string; number: number; title: string; seed?: string; status: StepStatus; reason?: string }
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
      /** cut: a second interrupt stopped the run while it ran; it may still be running on the node. */
      status: 'planned' | 'started' | 'done' | 'failed' | 'cut';
      detail?: Record<string, unknown>;
      error?: string;
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
  | { type: 'result'; status: 'ok' | 'preflight-failed' | 'step-failed' | 'interrupted' | 'error'; exitCode: number; message?: string };

export interface EventSink {
  emit(event: RunEvent): void;
}

export class EventBus implements EventSink {
  private readonly sinks: EventSink[] = [];
  add(sink: EventSink): this {
    this.sinks.push(sink);
    return this;
  }
  emit(event: RunEvent): void {
    for (const sink of this.sinks) sink.emit(event);
  }
}

/** Keeps every event: tests and the plan command read it back. */
export class EventLog implements EventSink {
  readonly events: RunEvent[] = [];
  emit(event: RunEvent): void {
    this.events.push(event);
  }
}
