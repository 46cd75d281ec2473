// A fake node adapter that fails the way real nodes do, and a small literal
// RunContext for running checks against it (STYLE.md: fakes at the ports).
import { AdapterError, type ExecResult, type FileStat, type NodeAdapter } from '../../src/adapters/types.js';
import { EventLog } from '../../src/engine/events.js';
import type { RunContext } from '../../src/engine/types.js';
import { Memo } from '../../src/engine/memo.js';

/** unreachable: every operation throws; eacces/eio: file reads fail, commands run; absent: nothing is there. */
export type Mode = 'unreachable' | 'eacces' | 'eio' | 'absent' | 'files';

const ok = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({ exitCode, stdout, stderr, durationMs: 1 });

export function fakeNode(node: string, mode: Mode, files: Record<string, string> = {}, exec?: (argv: readonly string[]) => ExecResult | undefined): NodeAdapter {
  const unreachable = (): AdapterError => new AdapterError(node, 'unreachable', `${node}: ssh: connect to host 10.0.0.9 port 22: No route to host`);
  const fileError = (path: string): AdapterError | undefined => {
    if (mode === 'unreachable') return unreachable();
    if (mode === 'eacces') return new AdapterError(node, 'io', `${node}: cannot read ${path}: EACCES: permission denied`);
    if (mode === 'eio') return new AdapterError(node, 'io', `${node}: cannot read ${path}: EIO: i/o error`);
    return undefined;
  };
  const has = (path: string): boolean => path in files || Object.keys(files).some((f) => f.startsWith(`${path}/`));
  return {
    kind: 'fake',
    node,
    exec(argv) {
      if (mode === 'unreachable') return Promise.reject(unreachable());
      const custom = exec?.(argv);
      if (custom) return Promise.resolve(custom);
      switch (argv[0]) {
        case 'ps':
          return Promise.resolve(ok('', 1));
        case 'stat':
          return Promise.resolve(ok('ext2/ext3\n'));
        case 'df':
          return Promise.resolve(ok('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 100 1 99999999 1% /\n'));
        case 'hostname':
          return Promise.resolve(ok(`${node}\n`));
        case 'getent':
          return Promise.resolve(ok('10.0.0.1 STREAM n1\n'));
        case 'date':
          return Promise.resolve(ok(`${Date.now()}\n`));
        case 'uname':
          return Promise.resolve(ok('Linux x86_64\n'));
        default:
          return Promise.resolve(ok(''));
      }
    },
    readFile(path) {
      const error = fileError(path);
      if (error) return Promise.reject(error);
      if (path in files) return Promise.resolve(new TextEncoder().encode(files[path]));
      return Promise.reject(new AdapterError(node, 'not-found', `${node}: cannot read ${path}: no such file or directory`));
    },
    writeFile: () => (mode === 'unreachable' ? Promise.reject(unreachable()) : Promise.resolve()),
    remove: () => Promise.resolve(),
    stat(path): Promise<FileStat> {
      const error = fileError(path);
      if (error) return Promise.reject(error);
      if (!has(path)) return Promise.resolve({ exists: false });
      return Promise.resolve(path in files ? { exists: true, type: 'file', mode: 0o644, size: files[path]!.length } : { exists: true, type: 'dir', mode: 0o755 });
    },
    sha256(path) {
      const error = fileError(path);
      if (error) return Promise.reject(error);
      return Promise.resolve(path in files ? `sha-of-${files[path]}` : null);
    },
    close: () => Promise.resolve(),
  };
}

export const INSTALL_DIR = '/opt/Axway/SecureTransport';

export function checkContext(adapters: Record<string, NodeAdapter>, extra: Partial<RunContext> = {}): { ctx: RunContext; log: EventLog } {
  const log = new EventLog();
  const names = Object.keys(adapters);
  const nodes = names.map((name, index) => ({ name, address: `10.0.0.${index + 1}`, index, first: index === 0 }));
  const answers = {
    cluster: { name: 'c', installDir: INSTALL_DIR, tls: { enabled: false, minDaysLeft: 30 }, maxClockSkewSeconds: 5, minFreeDiskMb: 10, version: undefined },
    sharedFs: { path: '/mnt/shared' },
    installer: { media: '/media/st' },
    licenses: { core: '/jump/core.license', features: '/jump/st.license' },
    admin: { port: 8444 },
  } as unknown as RunContext['answers'];
  const notUsed = (what: string) => (): never => {
    throw new Error(`${what} is not used by these checks`);
  };
  const ctx = {
    answers,
    nodes,
    runId: 'unit',
    dryRun: false,
    parallel: 4,
    adapter: (node: { name: string }) => adapters[node.name]!,
    admin: notUsed('admin'),
    db: {} as RunContext['db'],
    jumpHost: { readFile: notUsed('jumpHost.readFile'), sha256: (p: string) => Promise.resolve(`jump-${p}`) },
    dbPassword: notUsed('dbPassword'),
    adminPassword: notUsed('adminPassword'),
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
    events: log,
    memo: new Memo(),
    ...extra,
  };
  return { ctx, log };
}
