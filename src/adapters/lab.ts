import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecOptions, ExecResult, NodeAdapter, WriteOptions } from './types.js';
import { labEnv, mapLabArgv, mapLabPath } from './lab-paths.js';
import { readLocalFile, removeLocal, sha256Local, statLocal, writeLocalFile } from './local-files.js';
import { decode, runProcess, timeoutError } from './run-process.js';

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
  const delay = async (): Promise<void> => {
    if (latency > 0) await sleep(latency);
  };
  return {
    kind: 'lab',
    node,
    async exec(argv: readonly string[], execOptions: ExecOptions = {}): Promise<ExecResult> {
      await delay();
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
      await delay();
      return readLocalFile(node, map(path));
    },
    async writeFile(path: string, data: string | Uint8Array, writeOptions?: WriteOptions) {
      await delay();
      await writeLocalFile(node, map(path), data, writeOptions);
    },
    async remove(path: string) {
      await delay();
      await removeLocal(node, map(path));
    },
    async stat(path: string) {
      await delay();
      return statLocal(node, map(path));
    },
    async sha256(path: string) {
      await delay();
      return sha256Local(node, map(path));
    },
    close: () => Promise.resolve(),
  } satisfies NodeAdapter;
}
