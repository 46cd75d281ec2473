import { existsSync } from 'node:fs';
import path from 'node:path';

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
