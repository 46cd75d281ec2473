// `--json`: one event per line, each with "v": 1 (README "Event stream" — a stable interface).
import type { EventSink, RunEvent } from '../engine/events.js';

export class NdjsonReporter implements EventSink {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(line)) {}
  emit(event: RunEvent): void {
    this.write(`${JSON.stringify({ v: 1, ...event })}\n`);
  }
}
