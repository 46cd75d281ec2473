import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ExecOptions, ExecResult, FileStat, NodeAdapter, WriteOptions } from './types.js';
import { AdapterError } from './types.js';
import { decode, runProcess, timeoutError } from './run-process.js';

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
// ENOTDIR: a parent is a file, so nothing can be at the path — absent, like ENOENT.
const isAbsent = (error: unknown): boolean => codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR';

function ioError(node: string, op: string, file: string, error: unknown): AdapterError {
  const absent = op === 'read' && isAbsent(error);
  const detail = absent ? 'no such file or directory' : error instanceof Error ? error.message : String(error);
  const wrapped = new AdapterError(node, absent ? 'not-found' : 'io', `${node}: cannot ${op} ${file}: ${detail}`, `Check that ${file} exists on ${node} and the adapter's account may ${op} it.`);
  wrapped.cause = error;
  return wrapped;
}

export async function readLocalFile(node: string, file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw ioError(node, 'read', file, error);
  }
}

/** Temp file in the same directory, mode set before content, fsync, rename: readers see old or new, never half. */
export async function writeLocalFile(node: string, file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.st-tmp-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    // Keep an existing file's mode when none is asked for, so a rewrite never widens a 0600 secret.
    const mode = options.mode ?? (await stat(file).then((s) => s.mode & 0o7777, () => undefined));
    const handle = await open(temp, 'wx', 0o600);
    try {
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw ioError(node, 'write', file, error);
  }
}

export async function statLocal(node: string, file: string): Promise<FileStat> {
  try {
    const s = await stat(file);
    const type = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
    return { exists: true, type, mode: s.mode & 0o7777, size: s.size };
  } catch (error) {
    if (!isAbsent(error)) throw ioError(node, 'stat', file, error);
    // A dangling symlink: the name is taken even though nothing is behind it.
    const link = await lstat(file).catch(() => undefined);
    return link ? { exists: true, type: 'link', mode: link.mode & 0o7777, size: link.size } : { exists: false };
  }
}

export async function sha256Local(node: string, file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    if (isAbsent(error)) return null;
    throw ioError(node, 'hash', file, error);
  }
  return hash.digest('hex');
}

export async function removeLocal(node: string, file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw ioError(node, 'remove', file, error);
  }
}

export interface LocalAdapterOptions {
  /** Node name from the answers file (used in every error message). */
  node: string;
}

/** The jump host itself: argv through execa (never a shell), files through node:fs. */
export function createLocalAdapter(options: LocalAdapterOptions): NodeAdapter {
  const { node } = options;
  return {
    kind: 'local',
    node,
    async exec(argv: readonly string[], execOptions: ExecOptions = {}): Promise<ExecResult> {
      const raw = await runProcess(argv, execOptions);
      if (raw.timedOut) throw timeoutError(node, argv, execOptions.timeoutMs);
      return { exitCode: raw.exitCode, stdout: decode(raw.stdout), stderr: raw.stderr, durationMs: raw.durationMs };
    },
    readFile: (path: string) => readLocalFile(node, path),
    writeFile: (path: string, data: string | Uint8Array, writeOptions?: WriteOptions) => writeLocalFile(node, path, data, writeOptions),
    remove: (path: string) => removeLocal(node, path),
    stat: (path: string) => statLocal(node, path),
    sha256: (path: string) => sha256Local(node, path),
    close: () => Promise.resolve(),
  } satisfies NodeAdapter;
}
