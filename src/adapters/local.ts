import type { ExecOptions, ExecResult, NodeAdapter, WriteOptions } from './types.js';
import { readLocalFile, removeLocal, sha256Local, statLocal, writeLocalFile } from './local-files.js';
import { decode, runProcess, timeoutError } from './run-process.js';

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
