// Process helpers shared by the simulator and `lab down`. A pid alone can be
// reused by the kernel, so every check also matches a marker (the node's
// install dir or data dir) in /proc/<pid>/cmdline before trusting or killing it.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(test: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await test()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Alive and not a zombie (the lab's init may not reap orphans), and, when given, its cmdline contains marker. */
export function isAlive(pid: number, marker?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    if (marker === undefined) return true;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  // Detached children lead their own process group: signal the group, then the pid.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, sig);
    } catch {
      // already gone, or not a group leader
    }
  }
}

/** Stops pid (only when it still carries marker) and resolves once it is gone. */
export async function killPid(pid: number, marker: string | undefined, options: { force?: boolean; graceMs?: number } = {}): Promise<boolean> {
  if (!isAlive(pid, marker)) return true;
  signal(pid, options.force ? 'SIGKILL' : 'SIGTERM');
  if (await waitUntil(() => !isAlive(pid), options.force ? 5000 : (options.graceMs ?? 10_000), 20)) return true;
  signal(pid, 'SIGKILL');
  return waitUntil(() => !isAlive(pid), 5000, 20);
}

export function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

export interface DetachedSpawn {
  command: string;
  args: string[];
  argv0?: string;
  logFile: string;
  /** Every pid the lab starts is appended here so that `lab down` can stop it by pid. */
  registry: string;
  env?: NodeJS.ProcessEnv;
  /** Told how the process ended if it ends while this (short-lived) parent still runs. */
  onExit?: (how: string) => void;
}

/** Starts a process in its own process group with stdio to a file, so it outlives its parent. */
export function spawnDetached(options: DetachedSpawn): number {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(options.command, options.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      argv0: options.argv0,
      env: options.env ?? process.env,
    });
    child.on('error', () => undefined);
    child.once('exit', (code, sig) => options.onExit?.(sig ? `killed by ${sig}` : `exited with code ${String(code)}`));
    if (child.pid === undefined) throw new Error(`could not start ${options.command}`);
    child.unref();
    mkdirSync(path.dirname(options.registry), { recursive: true });
    appendFileSync(options.registry, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}
