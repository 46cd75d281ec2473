import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecOptions, ExecResult, NodeAdapter, WriteOptions } from './types.js';
import { readLocalFile, removeLocal, sha256Local, statLocal, writeLocalFile } from './local.js';
import { decode, runProcess, timeoutError } from './run-process.js';
import { recordSimOp } from '../lab/sim/sim-ops.js';

// docs/lab-contract.md "Path mapping by the lab adapter": these stay the host's.
const HOST_DIRS = ['/proc', '/dev', '/sys', '/usr', '/bin', '/sbin', '/lib', '/lib64'];

const under = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);

/** Maps a node path to the host path under root R (virtual "/" is R). */
export function mapLabPath(root: string, virtual: string): string {
  if (under(virtual, root)) return virtual;
  const normal = path.posix.resolve('/', virtual);
  if (HOST_DIRS.some((dir) => under(normal, dir))) return normal;
  return path.join(root, normal);
}

function topLevelExists(root: string, arg: string): boolean {
  const top = arg.split('/')[1];
  return Boolean(top) && !HOST_DIRS.includes(`/${top}`) && existsSync(path.join(root, top!));
}

/** argv[0] when R+argv[0] exists; other absolute arguments when their top-level directory exists in R. */
export function mapLabArgv(root: string, argv: readonly string[]): string[] {
  return argv.map((arg, index) => {
    if (!arg.startsWith('/') || under(arg, root)) return arg;
    if (index === 0) return existsSync(path.join(root, arg)) ? path.join(root, arg) : arg;
    return topLevelExists(root, arg) ? mapLabPath(root, arg) : arg;
  });
}

export function labEnv(root: string, env: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const basePath = env?.PATH ?? process.env.PATH ?? '/usr/bin:/bin';
  return { ...env, ST_LAB_NODE_ROOT: root, PATH: `${path.join(root, '.lab/bin')}:${basePath}` };
}

export interface LabAdapterOptions {
  node: string;
  /** The node's private root R: the simulated node sees it as "/". */
  root: string;
  /** Added latency per operation, to rehearse a slow network. */
  latencyMs?: number;
}

/** A node of the rehearsal lab: the local adapter under a node-private root (docs/lab-contract.md). */
export function createLabAdapter(options: LabAdapterOptions): NodeAdapter {
  const { node, root } = options;
  const latency = options.latencyMs ?? 0;
  const map = (p: string): string => mapLabPath(root, p);
  // Each added latency is a simulated duration the bench's critical path counts (src/lab/sim/sim-ops.ts).
  const delay = async (what: string): Promise<void> => {
    if (latency <= 0) return;
    const start = Date.now();
    await sleep(latency);
    recordSimOp(root, { kind: 'latency', what, ms: latency, start, end: Date.now() });
  };
  return {
    kind: 'lab',
    node,
    async exec(argv: readonly string[], execOptions: ExecOptions = {}): Promise<ExecResult> {
      await delay('exec');
      const raw = await runProcess(mapLabArgv(root, argv), {
        cwd: execOptions.cwd === undefined ? root : map(execOptions.cwd),
        env: labEnv(root, execOptions.env),
        stdin: execOptions.stdin,
        timeoutMs: execOptions.timeoutMs,
      });
      if (raw.timedOut) throw timeoutError(node, argv, execOptions.timeoutMs);
      return { exitCode: raw.exitCode, stdout: decode(raw.stdout), stderr: raw.stderr, durationMs: raw.durationMs };
    },
    async readFile(path: string) {
      await delay('readFile');
      return readLocalFile(node, map(path));
    },
    async writeFile(path: string, data: string | Uint8Array, writeOptions?: WriteOptions) {
      await delay('writeFile');
      await writeLocalFile(node, map(path), data, writeOptions);
    },
    async remove(path: string) {
      await delay('remove');
      await removeLocal(node, map(path));
    },
    async stat(path: string) {
      await delay('stat');
      return statLocal(node, map(path));
    },
    async sha256(path: string) {
      await delay('sha256');
      return sha256Local(node, map(path));
    },
    close: () => Promise.resolve(),
  } satisfies NodeAdapter;
}
