// Append-only JSON lines on the jump host. Writes are synchronous so that a
// record is on disk (fsync where asked) before the code after emit() runs: an
// action's "started" record must exist before the action can change a node.
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface JsonlOptions {
  /** fsync after every record: a crash then loses at most the record in flight. */
  fsync: boolean;
}

/** The state dir holds the journal of a cluster build: readable by its operator only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export class JsonlFile {
  private fd: number | undefined;

  private constructor(
    readonly file: string,
    fd: number,
    private readonly options: JsonlOptions,
  ) {
    this.fd = fd;
  }

  static open(file: string, options: JsonlOptions): JsonlFile {
    ensurePrivateDir(path.dirname(file));
    const fd = openSync(file, 'a+', 0o600);
    const out = new JsonlFile(file, fd, options);
    out.repairTornTail();
    if (options.fsync) syncDir(path.dirname(file));
    return out;
  }

  append(record: object): void {
    if (this.fd === undefined) return;
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    if (this.options.fsync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  // A crash in mid-write leaves a line without its newline; the next record
  // must not be glued onto it, or both would be lost to the reader.
  private repairTornTail(): void {
    const fd = this.fd!;
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(fd, '\n');
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the file's own fsync still holds.
    return;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
