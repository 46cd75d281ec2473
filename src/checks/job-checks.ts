// st.no-job-running: no SecureTransport installer or service script still runs on
// the node. A run that takes the lock after a holder vanished (killed, lock lost)
// may find that holder's setup.sh or start_all still working: a second one on the
// same node is what this refuses (README "Journal, resume, lock and audit").
import { posix } from 'node:path';
import type { NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { layout } from '../st/layout.js';
import { fail, pass } from './result.js';

export interface NodeProcess {
  pid: number;
  ppid: number;
  args: string;
}

/** `ps -o pid=,ppid=,args=` lines; lines that do not parse are left out. */
export function parsePs(stdout: string): NodeProcess[] {
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]!.trim() }] : [];
  });
}

/** The processes whose argv names the installer or a start_/stop_ script of binDir (whole words, not prefixes of another path). */
export function stJobs(processes: readonly NodeProcess[], installer: string, binDir: string): NodeProcess[] {
  const scripts = [`${binDir}/start_`, `${binDir}/stop_`];
  return processes.filter((p) => p.args.split(/\s+/).some((word) => word === installer || scripts.some((s) => word.startsWith(s) && /^[a-z0-9]+$/.test(word.slice(s.length)))));
}

// The node's own names for the two paths, as the adapter hands them to a command:
// on a lab node they come back under the node's root, as that node's processes show them.
async function nodePaths(ctx: RunContext, node: NodeRef): Promise<{ installer: string; binDir: string }> {
  const installer = posix.join(ctx.answers.installer.media, layout.installerScript);
  const binDir = posix.join(ctx.answers.cluster.installDir, 'bin');
  const echo = await ctx.adapter(node).exec(['printf', '%s\\n', installer, binDir], { kind: 'read', timeoutMs: 30_000 });
  const [seenInstaller, seenBin] = echo.stdout.split('\n');
  if (echo.exitCode !== 0 || !seenInstaller || !seenBin) throw new Error(`printf exited ${echo.exitCode}: ${echo.stderr.trim()}`);
  return { installer: seenInstaller, binDir: seenBin };
}

export const stNoJobRunning: NodeCheck = {
  id: 'st.no-job-running',
  title: 'No SecureTransport installer or service script still running',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const name = node.name;
    let jobs: NodeProcess[];
    try {
      const { installer, binDir } = await nodePaths(ctx, node);
      // The paths are not in this command's argv, so ps never lists itself (nor its ssh/sudo shell) as a job.
      const ps = await ctx.adapter(node).exec(['ps', '-ww', '-eo', 'pid=,ppid=,args='], { kind: 'read', timeoutMs: 30_000 });
      const processes = parsePs(ps.stdout);
      if (ps.exitCode !== 0 || processes.length === 0) throw new Error(`ps exited ${ps.exitCode}${ps.stderr.trim() ? `: ${ps.stderr.trim()}` : ''} and listed ${processes.length} processes`);
      jobs = stJobs(processes, installer, binDir);
    } catch (error) {
      return fail(
        `could not list its processes (${(error as Error).message}), so an installer or service script of another run may still be running`,
        `Make sure "ps -eo pid,ppid,args" works on ${name} for the account the adapter logs in with, then run again.`,
      );
    }
    if (jobs.length === 0) return pass('no setup.sh, start_* or stop_* running');
    const listed = jobs.map((j) => `pid ${j.pid}: ${j.args.length > 240 ? `${j.args.slice(0, 237)}...` : j.args}`).join('; ');
    return fail(
      `a SecureTransport job is still running (${listed})`,
      `Another run (or an operator) is still installing, starting or stopping SecureTransport on ${name}: wait until it ends (ps -fp ${jobs.map((j) => j.pid).join(',')} on ${name}), then run again with --resume. Never start a second one beside it.`,
    );
  },
};
