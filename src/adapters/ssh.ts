import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecOptions, ExecResult, NodeAdapter, WriteOptions } from './types.js';
import { AdapterError } from './types.js';
import { planSsh } from './ssh-args.js';
import { ControlMaster } from './ssh-control.js';
import { classifySshFailure, connectionLost, masterGone, serverHostKey, type SshTarget } from './ssh-errors.js';
import { ABSENT_EXIT, parseSha256, parseStat, READ_SCRIPT, REMOVE_SCRIPT, SHA256_SCRIPT, STAT_SCRIPT, WRITE_SCRIPT } from './ssh-files.js';
import type { SshRuntimeOptions, SshSettings } from './ssh-args.js';
import { remoteCommand, sudoPrefix } from './ssh-quote.js';
import { decode, runDetached, timeoutError, type DetachedRun, type RawResult } from './run-process.js';

export interface SshAdapterOptions {
  node: string;
  address: string;
  settings: SshSettings;
  baseDir: string;
  runtime: SshRuntimeOptions;
}

export interface SshNodeAdapter extends NodeAdapter {
  readonly hostKeyPolicy: 'strict' | 'accept-new';
  /** Host keys trusted on first use during this run ("ALGO SHA256:…"): the run journals them. */
  readonly acceptedHostKeys: readonly string[];
}

/** A node over the system OpenSSH client: one multiplexed connection per node per run. */
export function createSshAdapter(options: SshAdapterOptions): SshNodeAdapter {
  const { node, runtime } = options;
  // Private files of this adapter (a dry run's known_hosts copies, the bastion's log), gone at close.
  let scratchDir: string | undefined;
  const scratch = (): string => (scratchDir ??= mkdtempSync(path.join(tmpdir(), 'st-ssh-')));
  const plan = planSsh(node, options.address, options.settings, options.baseDir, runtime, scratch);
  const sudo = sudoPrefix(options.settings.sudo);
  const acceptedHostKeys: string[] = [];
  let master: ControlMaster | undefined;
  let connecting: Promise<ControlMaster> | undefined;
  const inFlight = new Set<DetachedRun>();

  function accepted(target: SshTarget, log: string): void {
    if (!/Permanently added/.test(log)) return;
    const key = serverHostKey(log);
    const fingerprint = key ? `${key.algorithm} ${key.fingerprint}` : 'unknown key';
    acceptedHostKeys.push(fingerprint);
    runtime.onHostKeyAccepted?.({
      node,
      host: target.host,
      port: target.port,
      fingerprints: [fingerprint],
      knownHostsFile: target.knownHostsFile ?? '~/.ssh/known_hosts',
      ...(target.bastion ? { bastion: true } : {}),
      ...(runtime.dryRun ? { dryRun: true } : {}),
    });
  }

  async function connect(): Promise<ControlMaster> {
    if (plan.bastion) writeFileSync(plan.bastion.logFile, '', { mode: 0o600 });
    const candidate = new ControlMaster();
    const started = await candidate.start({ ...plan, readyTimeoutMs: (plan.target.connectTimeout + 20) * 1000 });
    const bastionLog = plan.bastion ? readFileSync(plan.bastion.logFile, 'utf8') : '';
    if (!started.ok) {
      candidate.destroySync();
      // The bastion's refusal first: behind it, the node was never reached.
      const viaBastion = plan.bastion ? classifySshFailure(plan.bastion.target, bastionLog) : undefined;
      throw viaBastion ?? classifySshFailure(plan.target, started.stderr) ?? new AdapterError(node, 'other', `${node}: SSH connection failed: ${started.stderr.trim().split('\n').pop() ?? ''}`);
    }
    if (plan.bastion) accepted(plan.bastion.target, bastionLog);
    accepted(plan.target, started.stderr);
    return candidate;
  }

  function ensureMaster(): Promise<ControlMaster> {
    if (master) return Promise.resolve(master);
    connecting ??= connect().then(
      (m) => (master = m),
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  }

  async function run(command: string, stdin: string | Uint8Array | undefined, timeoutMs: number | undefined, label: readonly string[], retried = false): Promise<RawResult> {
    const control = await ensureMaster();
    control.busy += 1;
    const child = runDetached([plan.ssh, ...plan.args, '-o', 'ControlMaster=no', '-o', `ControlPath=${control.socket}`, '--', plan.destination, command], { stdin, timeoutMs, dir: control.dir });
    inFlight.add(child);
    const raw = await child.result.finally(() => {
      inFlight.delete(child);
      control.busy -= 1;
    });
    // 124/137: the remote "timeout" fired (TERM, then KILL).
    const remoteTimeout = timeoutMs !== undefined && (raw.exitCode === 124 || raw.exitCode === 137) && raw.durationMs >= timeoutMs;
    if (raw.timedOut || remoteTimeout) throw timeoutError(node, label, timeoutMs);
    if (raw.exitCode !== 255) return raw;
    // The master left (its ControlPersist ran out between commands): the command never started, so it is safe to reconnect once.
    if (!retried && masterGone(raw.stderr)) {
      if (master === control) master = undefined;
      control.destroySync();
      return run(command, stdin, timeoutMs, label, true);
    }
    // A command that really exits 255 leaves its master running; a broken connection takes the master with it.
    if ((await control.check(plan)) === undefined) throw connectionLost(plan.target, label, raw.stderr);
    return raw;
  }

  // File operations run through the sudo setting too: files placed for SecureTransport are
  // owned by its account, and its own files (bin/taeh is 0600) are readable (issue 12 item 2).
  async function script(text: string, args: readonly string[], stdin?: Uint8Array): Promise<RawResult> {
    return run(remoteCommand(['sh', '-c', text, 'st-cluster', ...args], { sudo }), stdin, undefined, ['sh', '-c', '…', ...args]);
  }

  const ioError = (op: string, file: string, raw: RawResult): AdapterError =>
    new AdapterError(node, op === 'read' && raw.exitCode === ABSENT_EXIT ? 'not-found' : 'io', `${node}: cannot ${op} ${file}: ${raw.stderr.trim() || `exit ${raw.exitCode}`}`, `Check that the ssh account on ${node} may ${op} ${file}.`);

  return {
    kind: 'ssh',
    node,
    hostKeyPolicy: plan.hostKeyPolicy,
    acceptedHostKeys,
    async exec(argv: readonly string[], execOptions: ExecOptions = {}): Promise<ExecResult> {
      const { cwd, env, timeoutMs } = execOptions;
      const command = remoteCommand(argv, { cwd, env, timeoutMs, sudo: execOptions.sudo ? sudo : undefined });
      const raw = await run(command, execOptions.stdin, execOptions.timeoutMs, argv);
      return { exitCode: raw.exitCode, stdout: decode(raw.stdout), stderr: raw.stderr, durationMs: raw.durationMs };
    },
    async readFile(path: string) {
      const raw = await script(READ_SCRIPT, [path]);
      if (raw.exitCode !== 0) throw ioError('read', path, raw);
      return raw.stdout;
    },
    async writeFile(path: string, data: string | Uint8Array, writeOptions: WriteOptions = {}) {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      const want = createHash('sha256').update(bytes).digest('hex');
      const mode = writeOptions.mode === undefined ? '' : (writeOptions.mode & 0o7777).toString(8);
      const raw = await script(WRITE_SCRIPT, [path, mode, want], bytes);
      if (raw.exitCode !== 0) throw ioError('write', path, raw);
    },
    async remove(path: string) {
      const raw = await script(REMOVE_SCRIPT, [path]);
      if (raw.exitCode !== 0) throw ioError('remove', path, raw);
    },
    async stat(path: string) {
      const raw = await script(STAT_SCRIPT, [path]);
      if (raw.exitCode !== 0) throw ioError('stat', path, raw);
      return parseStat(decode(raw.stdout));
    },
    async sha256(path: string) {
      const raw = await script(SHA256_SCRIPT, [path]);
      if (raw.exitCode !== 0) throw ioError('hash', path, raw);
      return parseSha256(decode(raw.stdout));
    },
    async close() {
      const current = master ?? (await connecting?.catch(() => undefined));
      master = undefined;
      connecting = undefined;
      // A command still running here (a cut run) is left to finish on the node; this process may exit meanwhile.
      for (const child of inFlight) child.unref();
      await current?.close(plan.ssh, plan.args, plan.destination);
      if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    },
  } satisfies SshNodeAdapter;
}
