// The journal as an EventSink: fed the same events as the reporters, each
// written and fsynced before emit() returns, so "action started" is on disk
// before the action runs (DESIGN.md "Journal, resume, lock").
import { describeWriteError, RecordWriteError } from '../engine/errors.js';
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
  private failed: RecordWriteError | undefined;

  private constructor(
    private readonly file: JsonlFile,
    readonly path: string,
    readonly runId: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date,
  ) {}

  /** Opens (or creates) the cluster's journal and writes the run's header record. */
  /** Throws RecordWriteError when the journal cannot be opened or its header not written. */
  static open(path: string, header: HeaderInput, redactor: Redactor, now: () => Date = () => new Date()): JournalWriter {
    let file: JsonlFile | undefined;
    try {
      file = JsonlFile.open(path, { fsync: true });
      file.append(redactor.value({ v: JOURNAL_VERSION, type: 'header', at: now().toISOString(), ...header } satisfies HeaderRecord));
    } catch (error) {
      file?.close();
      throw new RecordWriteError('journal', path, describeWriteError(error));
    }
    return new JournalWriter(file, path, header.runId, redactor, now);
  }

  /**
   * Writes the event. A failure is kept (the run's guard stops it before the next
   * action) and thrown at once for an action's "started" record: no change may
   * begin that the journal does not show. Other events (the result, say) never throw.
   */
  emit(event: RunEvent): void {
    const mustRecord = event.type === 'action' && event.status === 'started';
    if (!this.failed) {
      try {
        this.file.append(this.redactor.value({ v: JOURNAL_VERSION, runId: this.runId, at: this.now().toISOString(), ...event }));
      } catch (error) {
        this.failed = new RecordWriteError('journal', this.path, describeWriteError(error));
      }
    }
    if (this.failed && mustRecord) throw this.failed;
  }

  /** The first write error, if any. */
  get error(): RecordWriteError | undefined {
    return this.failed;
  }

  close(): void {
    this.file.close();
  }
}
