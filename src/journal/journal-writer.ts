// The journal as an EventSink: fed the same events as the reporters, each
// written and fsynced before emit() returns, so "action started" is on disk
// before the action runs (DESIGN.md "Journal, resume, lock").
import type { EventSink, RunEvent } from '../engine/events.js';
import { JsonlFile } from './jsonl-file.js';
import type { Redactor } from './redact.js';
import { JOURNAL_VERSION, type HeaderRecord } from './records.js';

export type HeaderInput = Omit<HeaderRecord, 'v' | 'type' | 'at'>;

/**
 * Holds the journal's place in the event bus before the journal exists: added
 * ahead of the reporters, so whatever an operator (or a test) has seen on
 * stdout is already in the journal.
 */
export class JournalSlot implements EventSink {
  private sink: EventSink | undefined;

  attach(sink: EventSink): void {
    this.sink = sink;
  }

  emit(event: RunEvent): void {
    this.sink?.emit(event);
  }
}

export class JournalWriter implements EventSink {
  private failed: Error | undefined;

  private constructor(
    private readonly file: JsonlFile,
    readonly runId: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date,
  ) {}

  /** Opens (or creates) the cluster's journal and writes the run's header record. */
  static open(path: string, header: HeaderInput, redactor: Redactor, now: () => Date = () => new Date()): JournalWriter {
    const writer = new JournalWriter(JsonlFile.open(path, { fsync: true }), header.runId, redactor, now);
    writer.file.append(redactor.value({ v: JOURNAL_VERSION, type: 'header', at: now().toISOString(), ...header } satisfies HeaderRecord));
    return writer;
  }

  emit(event: RunEvent): void {
    // The run already happened on the nodes; a full disk must not turn a good
    // run into a crash. The first failure is kept and reported at the end.
    if (this.failed) return;
    try {
      this.file.append(this.redactor.value({ v: JOURNAL_VERSION, runId: this.runId, at: this.now().toISOString(), ...event }));
    } catch (error) {
      this.failed = error as Error;
    }
  }

  /** The first write error, if any: the caller tells the operator the journal is incomplete. */
  get error(): Error | undefined {
    return this.failed;
  }

  close(): void {
    this.file.close();
  }
}
