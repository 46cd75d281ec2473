import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

// The master runs in its own process group (a terminal's Ctrl-C must not cut the
// commands it carries: the run stops between actions instead) and backgrounds
// itself with a bounded ControlPersist: whatever ends this process — even
// SIGKILL — the master leaves by itself PERSIST_SECONDS after its last session
// ends, so a command still running is never cut and no master stays forever.
export const PERSIST_SECONDS = 60;

const live = new Set<ControlMaster>();
function cleanupAllSync(): void {
  for (const master of live) master.destroySync();
}
function install(): void {
  if (live.size === 0) process.on('exit', cleanupAllSync);
}
function uninstall(): void {
  process.off('exit', cleanupAllSync);
}

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
  /** The backgrounded master's pid, from "ssh -O check". */
  private pid: number | undefined;
  private stderr = '';
  /** Commands running through this master: while any does, nothing here stops it. */
  busy = 0;

  constructor() {
    install();
    live.add(this);
  }

  /** Starts "ssh -M -N" and resolves once it is authenticated and backgrounded; ok false with ssh's stderr otherwise. */
  async start(options: MasterStart): Promise<{ ok: boolean; stderr: string }> {
    // -v only for the master: its "Server host key: … SHA256:…" line names the key in host-key errors.
    const argv = [...options.args, '-v', '-M', '-N', '-o', `ControlPath=${this.socket}`, '-o', `ControlPersist=${PERSIST_SECONDS}`, '--', options.destination];
    const child = spawn(options.ssh, argv, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    const collect = (chunk: Buffer): void => {
      if (this.stderr.length < 256_000) this.stderr += chunk.toString('utf8');
    };
    child.stderr.on('data', collect);
    const exitCode = await waitExit(child, options.readyTimeoutMs);
    // The backgrounded master keeps the pipe: keep draining it (a full pipe would stall it), without keeping its chatter.
    child.stderr.off('data', collect);
    child.stderr.resume();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    child.unref();
    if (exitCode === 0 && existsSync(this.socket)) {
      this.pid = await this.check(options);
      if (this.pid !== undefined) return { ok: true, stderr: this.stderr };
    }
    if (exitCode === undefined) this.stderr += '\nssh: connection timed out waiting for the SSH session\n';
    return { ok: false, stderr: this.stderr };
  }

  /** The master's pid while it runs, else undefined ("ssh -O check"). */
  async check(options: Pick<MasterStart, 'ssh' | 'args' | 'destination'>): Promise<number | undefined> {
    const probe = await execa(options.ssh, [...options.args, '-o', `ControlPath=${this.socket}`, '-O', 'check', '--', options.destination], { reject: false, stdin: 'ignore', timeout: 5_000 });
    const match = /Master running \(pid=(\d+)\)/.exec(`${String(probe.stderr)}${String(probe.stdout)}`);
    return probe.exitCode === 0 && match ? Number(match[1]) : undefined;
  }

  /** "ssh -O exit" (graceful) unless a command still runs through it; then the directory goes. */
  async close(ssh: string, args: readonly string[], destination: string): Promise<void> {
    if (this.busy === 0 && this.pid !== undefined && existsSync(this.socket)) {
      await execa(ssh, [...args, '-o', `ControlPath=${this.socket}`, '-O', 'exit', '--', destination], { reject: false, stdin: 'ignore', timeout: 5_000 });
    }
    this.destroySync();
  }

  /** Stops the master at once unless a command still runs through it (ControlPersist ends it after that command). */
  destroySync(): void {
    if (this.busy === 0 && this.pid !== undefined) {
      try {
        process.kill(this.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    this.pid = undefined;
    // A running command's session does not need the socket's name: the master keeps serving it.
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
    if (live.size === 0) uninstall();
  }
}

/** The child's exit code, or undefined when it did not exit in time (it is then killed). */
function waitExit(child: ChildProcess, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      resolve(undefined);
    }, timeoutMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(255);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 255);
    });
  });
}
