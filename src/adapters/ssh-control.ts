import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';

// Safety net: whatever happens (Ctrl-C, an uncaught error, a forgotten close()),
// no ssh master and no control directory outlive the run.
const live = new Set<ControlMaster>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function cleanupAllSync(): void {
  for (const master of live) master.destroySync();
}
function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  // Only we listen: re-raise so the default action (exit by signal) still happens.
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}
function install(): void {
  if (live.size > 0) return;
  process.on('exit', cleanupAllSync);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
function uninstall(): void {
  process.off('exit', cleanupAllSync);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

const running = (child: ResultPromise): boolean => child.exitCode === null && child.signalCode === null;

export interface MasterStart {
  ssh: string;
  /** Options for every ssh call (no ControlPath, no destination). */
  args: readonly string[];
  destination: string;
  readyTimeoutMs: number;
}

/** One ssh master per node per run, in a private 0700 directory, owned by this process. */
export class ControlMaster {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'st-ssh-'));
  readonly socket = path.join(this.dir, 'ctl');
  private process: ResultPromise | undefined;
  private stderr = '';

  constructor() {
    install();
    live.add(this);
  }

  /** Starts "ssh -M -N" and resolves once the control socket exists; rejects with ssh's stderr otherwise. */
  async start(options: MasterStart): Promise<{ ok: boolean; stderr: string }> {
    // -v only for the master: its "Server host key: … SHA256:…" line names the key in host-key errors.
    const child = execa(options.ssh, [...options.args, '-v', '-M', '-N', '-o', `ControlPath=${this.socket}`, '-o', 'ControlPersist=no', '--', options.destination], {
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
      buffer: false,
      reject: false,
    });
    this.process = child;
    let exited = false;
    void child.then(() => (exited = true));
    const collect = (chunk: Buffer): void => {
      if (this.stderr.length < 256_000) this.stderr += chunk.toString('utf8');
    };
    child.stderr.on('data', collect);
    const deadline = Date.now() + options.readyTimeoutMs;
    while (!existsSync(this.socket) && !exited && Date.now() < deadline) await sleep(10);
    if (existsSync(this.socket) && !exited) {
      // Keep draining (a full pipe would stall the master) but stop keeping the debug chatter.
      child.stderr.off('data', collect);
      child.stderr.resume();
      child.unref();
      (child.stderr as unknown as Socket).unref();
      return { ok: true, stderr: this.stderr };
    }
    if (!exited) {
      child.kill('SIGTERM');
      this.stderr += '\nssh: connection timed out waiting for the SSH session\n';
    }
    await child;
    this.process = undefined;
    return { ok: false, stderr: this.stderr };
  }

  /** "ssh -O exit" (graceful), then the process and the directory go. */
  async close(ssh: string, args: readonly string[], destination: string): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child && running(child)) {
      await execa(ssh, [...args, '-o', `ControlPath=${this.socket}`, '-O', 'exit', '--', destination], { reject: false, stdin: 'ignore', timeout: 5_000 });
      const done = await Promise.race([child.then(() => true), sleep(3_000).then(() => false)]);
      if (!done) child.kill('SIGKILL');
    }
    this.destroySync();
  }

  destroySync(): void {
    if (this.process && running(this.process)) this.process.kill('SIGTERM');
    this.process = undefined;
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
    if (live.size === 0) uninstall();
  }
}
