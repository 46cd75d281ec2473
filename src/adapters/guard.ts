import path from 'node:path';
import type { ExecOptions, NodeAdapter, WriteOptions } from './types.js';
import { AdapterError } from './types.js';

export interface GuardOptions {
  dryRun: boolean;
  /** Node paths under which probe writes (the fs.shared sentinel) are allowed in a dry run. */
  probeRoots: readonly string[];
}

const under = (p: string, root: string): boolean => {
  const normal = path.posix.resolve('/', p);
  const base = path.posix.resolve('/', root);
  return normal === base || normal.startsWith(base === '/' ? '/' : `${base}/`);
};

/** In a dry run, refuses at the adapter every operation that could change the node. */
export function guardAdapter(adapter: NodeAdapter, options: GuardOptions): NodeAdapter {
  if (!options.dryRun) return adapter;
  const refuse = (operation: string, why: string): AdapterError =>
    new AdapterError(
      adapter.node,
      'dry-run-write',
      `${adapter.node}: dry run refused ${operation} (${why})`,
      'A dry run never changes a node. If this operation only reads, tag it kind: "read" (or probe: true under a probe root); otherwise it belongs to the real run.',
    );
  const checkProbePath = (operation: string, target: string, probe: boolean | undefined): void => {
    if (!probe) throw refuse(`${operation} ${target}`, 'not a probe');
    if (!options.probeRoots.some((root) => under(target, root))) {
      throw refuse(`${operation} ${target}`, `outside the probe roots ${options.probeRoots.join(', ') || '(none)'}`);
    }
  };
  return {
    kind: adapter.kind,
    node: adapter.node,
    exec(argv: readonly string[], execOptions: ExecOptions = {}) {
      if (execOptions.kind !== 'read' && execOptions.kind !== 'probe') {
        return Promise.reject(refuse(`exec ${JSON.stringify(argv)}`, `tagged ${execOptions.kind ?? 'untagged, counted as write'}`));
      }
      return adapter.exec(argv, execOptions);
    },
    readFile: (p: string) => adapter.readFile(p),
    async writeFile(p: string, data: string | Uint8Array, writeOptions?: WriteOptions) {
      checkProbePath('writeFile', p, writeOptions?.probe);
      await adapter.writeFile(p, data, writeOptions);
    },
    async remove(p: string, removeOptions?: { probe?: boolean }) {
      checkProbePath('remove', p, removeOptions?.probe);
      await adapter.remove(p, removeOptions);
    },
    stat: (p: string) => adapter.stat(p),
    sha256: (p: string) => adapter.sha256(p),
    close: () => adapter.close(),
  } satisfies NodeAdapter;
}
