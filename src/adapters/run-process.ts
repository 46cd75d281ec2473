import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { AdapterError } from './types.js';

export interface RunOptions {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  stdin?: string | Uint8Array;
  timeoutMs?: number;
}

export interface RawResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

const decoder = new TextDecoder();
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes);

function exitCodeOf(result: { exitCode?: number; signal?: string; code?: string }): number {
  if (typeof result.exitCode === 'number') return result.exitCode;
  // A shell answers 127 for a missing command; argv execution should look the same.
  if (result.code === 'ENOENT') return 127;
  if (result.code === 'EACCES') return 126;
  const signo = result.signal ? (constants.signals as Record<string, number>)[result.signal] : undefined;
  return signo ? 128 + signo : 1;
}

/** Runs argv without a shell. Output is kept as bytes, final newlines included. */
export async function runProcess(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
  const [file, ...args] = argv;
  if (!file) throw new AdapterError('(local)', 'other', 'exec needs a non-empty argv');
  const started = performance.now();
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    ...(options.stdin === undefined ? { stdin: 'ignore' as const } : { input: options.stdin }),
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2_000,
    reject: false,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  // A killed child's own children (or an ssh master holding passed fds) can keep
  // the pipes open; past a grace period, stop waiting for them.
  let abandoned = false;
  const backstop =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          abandoned = true;
          child.kill('SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
        }, options.timeoutMs + 3_000);
  const result = await child.finally(() => clearTimeout(backstop));
  const stderr = result.stderr instanceof Uint8Array ? decode(result.stderr) : '';
  const code = (result as { code?: string }).code;
  const notFound = code === 'ENOENT' || code === 'EACCES';
  return {
    exitCode: exitCodeOf({ exitCode: result.exitCode, signal: result.signal, code }),
    stdout: result.stdout instanceof Uint8Array ? result.stdout : new Uint8Array(),
    stderr: notFound && stderr === '' ? `${file}: ${code === 'ENOENT' ? 'command not found' : 'permission denied'}\n` : stderr,
    durationMs: Math.round(performance.now() - started),
    timedOut: result.timedOut || abandoned,
  };
}

export function timeoutError(node: string, argv: readonly string[], timeoutMs: number | undefined): AdapterError {
  return new AdapterError(
    node,
    'timeout',
    `${node}: "${argv.join(' ')}" did not finish within ${timeoutMs ?? 0} ms and was killed`,
    'Raise the timeout for this operation in the answers file (cluster.timeouts) or find out why the command hangs on the node.',
  );
}

export interface DetachedOptions {
  stdin?: string | Uint8Array;
  timeoutMs?: number;
  /** A private directory for the output files. */
  dir: string;
}

export interface DetachedRun {
  readonly result: Promise<RawResult>;
  /** Lets this process exit while the child still runs (a cut run leaves it to finish). */
  unref(): void;
}

let sequence = 0;

/**
 * Runs argv in its own process group with its output in files, not pipes: a
 * terminal's Ctrl-C does not reach it, and it outlives this process unharmed
 * (no broken pipe) when a run is cut while it works.
 */
export function runDetached(argv: readonly string[], options: DetachedOptions): DetachedRun {
  const [file, ...args] = argv;
  if (!file) throw new AdapterError('(local)', 'other', 'exec needs a non-empty argv');
  const base = path.join(options.dir, `out-${process.pid}-${(sequence += 1)}`);
  const out = openSync(`${base}.1`, 'w', 0o600);
  const err = openSync(`${base}.2`, 'w', 0o600);
  const started = performance.now();
  const child = spawn(file, args, { detached: true, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', out, err] });
  closeSync(out);
  closeSync(err);
  if (options.stdin !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
  }
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        timers.push(setTimeout(() => child.kill('SIGKILL'), 2_000));
      }, options.timeoutMs),
    );
  }
  const result = new Promise<RawResult>((resolve) => {
    const finish = (exitCode: number): void => {
      for (const timer of timers) clearTimeout(timer);
      const take = (suffix: string): Buffer => {
        try {
          return readFileSync(`${base}.${suffix}`);
        } catch {
          return Buffer.alloc(0);
        } finally {
          rmSync(`${base}.${suffix}`, { force: true });
        }
      };
      resolve({ exitCode, stdout: new Uint8Array(take('1')), stderr: take('2').toString('utf8'), durationMs: Math.round(performance.now() - started), timedOut });
    };
    child.once('error', (error: NodeJS.ErrnoException) => finish(exitCodeOf({ code: error.code })));
    child.once('exit', (code, signal) => finish(exitCodeOf({ ...(code === null ? {} : { exitCode: code }), ...(signal ? { signal } : {}) })));
  });
  return {
    result,
    unref() {
      child.unref();
      for (const timer of timers) timer.unref();
    },
  };
}
