// `--json`: one event per line, each with "v": 1 (README "Event stream" — a stable interface).
import type { EventSink, RunEvent } from '../engine/events.js';

export class NdjsonReporter implements EventSink {
  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
    private readonly writeErr: (line: string) => void = (line) => process.stderr.write(line),
  ) {}
  emit(event: RunEvent): void {
    this.write(`${JSON.stringify({ v: 1, ...event })}\n`);
    // stdout stays machine data; the person reading the job's log gets the failure in words on stderr.
    if (event.type === 'result' && event.exitCode !== 0) this.writeErr(failureText(event));
  }
}

/** A failed result as an operator reads it: the message, then its explaining lines. */
export function failureText(event: Extract<RunEvent, { type: 'result' }>): string {
  return [event.message ?? `Failed (exit ${event.exitCode}).`, ...(event.explanation ?? [])].map((line) => `${line}\n`).join('');
}
