// The audit log (DESIGN.md "Journal, resume, lock"): every command and file
// transfer on every node, with its node, argv, exit code and duration. File
// contents, stdin and environment values are never recorded (they carry the
// secrets by design); any string equal to a known secret is masked besides.
import type { ExecOptions, ExecResult, NodeAdapter, WriteOptions } from '../adapters/types.js';
import { describeWriteError, RecordWriteError } from '../engine/errors.js';
import { JsonlFile } from './jsonl-file.js';
import type { Redactor } from './redact.js';
import type { AuditRecord } from './records.js';

export type AuditEntry = Omit<AuditRecord, 'v' | 'at' | 'runId'>;

export interface AuditSink {
  /** Throws RecordWriteError when the entry could not be written. */
  record(entry: AuditEntry): void;
  /** The first write error, if any: no change is begun after it. */
  readonly error?: Error | undefined;
}

/**
 * Appends to the log beside the journal and, with --audit-log FILE, to FILE as well.
 * After the first failed write every record() throws that error again: an
 * operation whose record is missing is never reported as if it were fine.
 */
export class AuditLog implements AuditSink {
  private readonly files: JsonlFile[] = [];
  private failed: RecordWriteError | undefined;

  constructor(
    paths: readonly string[],
    private readonly runId: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const p of paths) {
      try {
        // Not fsynced per record (there are many reads); the journal is the crash-safe record.
        this.files.push(JsonlFile.open(p, { fsync: false }));
      } catch (error) {
        this.close();
        throw new RecordWriteError('audit log', p, describeWriteError(error));
      }
    }
  }

  record(entry: AuditEntry): void {
    if (this.failed) throw this.failed;
    const line = this.redactor.value({ v: 1 as const, at: this.now().toISOString(), runId: this.runId, ...entry });
    for (const file of this.files) {
      try {
        file.append(line);
      } catch (error) {
        this.failed = new RecordWriteError('audit log', file.file, describeWriteError(error));
        throw this.failed;
      }
    }
  }

  /** The first write error, if any. */
  get error(): RecordWriteError | undefined {
    return this.failed;
  }

  close(): void {
    for (const file of this.files) file.close();
  }
}

const size = (data: string | Uint8Array): number => (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);

/** Wraps a node adapter so that every exec, write, remove and file read reaches the audit log. */
export function auditAdapter(adapter: NodeAdapter, sink: AuditSink, clock: () => number = () => performance.now()): NodeAdapter {
  const base = { node: adapter.node, adapter: adapter.kind };
  // No record, no change: once the log cannot be written no write is set off.
  const ready = async <T>(run: () => Promise<T>): Promise<T> => {
    if (sink.error) throw sink.error;
    return run();
  };
  async function timed<T>(entry: Omit<AuditEntry, 'node' | 'adapter' | 'durationMs'>, run: () => Promise<T>, after?: (value: T) => Partial<AuditEntry>): Promise<T> {
    const started = clock();
    let value: T;
    try {
      value = await run();
    } catch (error) {
      // A failed record throws RecordWriteError in place of the operation's error: the stop matters more.
      sink.record({ ...base, ...entry, durationMs: Math.round(clock() - started), error: (error as Error).message });
      throw error;
    }
    // Unrecorded, a read's answer is not given either: its caller sees RecordWriteError, never "absent".
    sink.record({ ...base, ...entry, ...after?.(value), durationMs: Math.round(clock() - started) });
    return value;
  }
  return {
    kind: adapter.kind,
    node: adapter.node,
    async exec(argv: readonly string[], options: ExecOptions = {}) {
      const entry = {
        op: 'exec' as const,
        kind: options.kind ?? 'write',
        argv: [...argv],
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.sudo ? { sudo: true } : {}),
        ...(options.env ? { envKeys: Object.keys(options.env).sort() } : {}),
        ...(options.stdin !== undefined ? { stdinBytes: size(options.stdin) } : {}),
      };
      if (entry.kind === 'write' && sink.error) throw sink.error;
      if (entry.kind === 'write') sink.record({ ...base, ...entry, phase: 'started', durationMs: 0 });
      return timed(entry, () => adapter.exec(argv, options), (r: ExecResult) => ({ exitCode: r.exitCode }));
    },
    readFile: (path: string) => timed({ op: 'read', path }, () => adapter.readFile(path), (bytes) => ({ size: bytes.byteLength })),
    writeFile: (path: string, data: string | Uint8Array, options?: WriteOptions) =>
      ready(() => timed({ op: 'write', path, size: size(data), ...(options?.mode !== undefined ? { mode: options.mode } : {}) }, () => adapter.writeFile(path, data, options))),
    // Never refused: it is how staged secrets leave a node even when the log is full.
    remove: (path: string, options?: { probe?: boolean }) => timed({ op: 'remove', path }, () => adapter.remove(path, options)),
    stat: (path: string) => adapter.stat(path),
    sha256: (path: string) => adapter.sha256(path),
    close: () => adapter.close(),
  } satisfies NodeAdapter;
}
