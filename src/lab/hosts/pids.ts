// Every node of a hosts lab has its own PID namespace (its `ps` shows its own
// processes only, as a real host's does), so the pid files on a node hold the
// node's pids. The host finds the same process by its NSpid line.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** Every pid (as this host numbers them) whose network namespace is the named one. */
export function pidsInNetns(netns: string): number[] {
  let inode: number;
  try {
    inode = statSync(`/run/netns/${netns}`).ino;
  } catch {
    return [];
  }
  const want = `net:[${inode}]`;
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      return pid !== process.pid && readlinkSync(`/proc/${pid}/ns/net`) === want;
    } catch {
      return false;
    }
  });
}

/** The host's pid of the process a node knows as nsPid, or null when the node has no such process. */
export function hostPid(netns: string, nsPid: number): number | null {
  for (const pid of pidsInNetns(netns)) {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('NSpid:'));
      const ids = line?.split(/\s+/).slice(1).filter(Boolean).map(Number) ?? [];
      if (ids.length > 1 && ids.at(-1) === nsPid) return pid;
    } catch {
      // ended meanwhile
    }
  }
  return null;
}

/** The first child of pid (unshare --fork's and nsenter's one child). */
export function childOf(pid: number): number | null {
  try {
    const first = Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 1 ? first : null;
  } catch {
    return null;
  }
}
