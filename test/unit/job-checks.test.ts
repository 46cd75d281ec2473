// st.no-job-running: finds a running setup.sh or start_/stop_ script by its
// whole path (the node's own, as the adapter maps it), never itself, and fails
// when the node's processes could not be listed.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabAdapter } from '../../src/adapters/lab.js';
import { AdapterError, type ExecResult, type NodeAdapter } from '../../src/adapters/types.js';
import { parsePs, stJobs, stNoJobRunning } from '../../src/checks/job-checks.js';
import type { RunContext } from '../../src/engine/types.js';
import { fakeContext } from '../engine/fake-context.js';

const MEDIA = '/opt/media/SecureTransport';
const INSTALL = '/opt/Axway/SecureTransport';

function contextWith(adapters: Record<string, NodeAdapter>): RunContext {
  const { ctx } = fakeContext(Object.keys(adapters));
  return { ...ctx, answers: { installer: { media: MEDIA }, cluster: { installDir: INSTALL } } as RunContext['answers'], adapter: (node) => adapters[node.name]! };
}

const result = (stdout: string, exitCode = 0): ExecResult => ({ exitCode, stdout, stderr: exitCode ? 'ps: broken' : '', durationMs: 1 });

/** A node that echoes its argv (as printf does) and answers ps with the given listing. */
function scripted(ps: () => Promise<ExecResult>): NodeAdapter {
  return {
    kind: 'fake',
    node: 'n1',
    exec: (argv) => (argv[0] === 'printf' ? Promise.resolve(result(`${argv.slice(2).join('\n')}\n`)) : ps()),
    readFile: () => Promise.reject(new Error('unused')),
    writeFile: () => Promise.reject(new Error('unused')),
    remove: () => Promise.reject(new Error('unused')),
    stat: () => Promise.reject(new Error('unused')),
    sha256: () => Promise.reject(new Error('unused')),
    close: () => Promise.resolve(),
  };
}

describe('stJobs', () => {
  const ps = parsePs(
    [
      '    1     0 /sbin/init',
      ` 4242     1 /bin/sh ${MEDIA}/setup.sh -s /tmp/props`,
      ` 4243     1 /bin/sh ${INSTALL}/bin/start_all`,
      ` 4244     1 /bin/sh ${INSTALL}/bin/stop_admin -f`,
      ` 4245     1 vi ${INSTALL}/bin/start_all.orig`,
      ` 4246     1 /bin/sh /lab/node10${MEDIA}/setup.sh -s /tmp/p`,
      ` 4247     1 ${INSTALL}/bin/status_all`,
      'garbage',
    ].join('\n'),
  );
  it('matches the installer and start_/stop_ scripts by their whole path only', () => {
    expect(ps).toHaveLength(7);
    expect(stJobs(ps, `${MEDIA}/setup.sh`, `${INSTALL}/bin`).map((p) => p.pid)).toEqual([4242, 4243, 4244]);
    // Another lab node's root is another path: /lab/node1 does not see /lab/node10.
    expect(stJobs(ps, `/lab/node1${MEDIA}/setup.sh`, `/lab/node1${INSTALL}/bin`)).toEqual([]);
  });
});

describe('st.no-job-running', () => {
  it('fails naming the node and the pid when a job runs, passes when none does', async () => {
    const busy = contextWith({ n1: scripted(() => Promise.resolve(result(` 77 1 /bin/sh ${INSTALL}/bin/start_all\n 78 1 ps -ww -eo pid=,ppid=,args=\n`))) });
    const found = await stNoJobRunning.run(busy, busy.nodes[0]!);
    expect(found.status).toBe('fail');
    expect(found.detail).toBe(`a SecureTransport job is still running (pid 77: /bin/sh ${INSTALL}/bin/start_all)`);
    expect(found.fix).toContain('ps -fp 77');
    const idle = contextWith({ n1: scripted(() => Promise.resolve(result(' 78 1 ps -ww -eo pid=,ppid=,args=\n'))) });
    expect((await stNoJobRunning.run(idle, idle.nodes[0]!)).status).toBe('pass');
  });

  it.each([
    ['the adapter throws', () => Promise.reject(new AdapterError('n1', 'unreachable', 'n1: ssh: connect refused'))],
    ['ps fails', () => Promise.resolve(result('', 1))],
    ['ps lists nothing', () => Promise.resolve(result(''))],
  ])('fails (never passes) when it could not look: %s', async (_what, ps) => {
    const ctx = contextWith({ n1: scripted(ps) });
    const outcome = await stNoJobRunning.run(ctx, ctx.nodes[0]!);
    expect(outcome.status).toBe('fail');
    expect(outcome.detail).toMatch(/^could not list its processes/);
  });
});

describe('st.no-job-running on lab nodes', () => {
  let base: string;
  let running: ChildProcess | undefined;
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'st-jobs-'));
    for (const node of ['node1', 'node2']) {
      await mkdir(path.join(base, node, MEDIA), { recursive: true });
      await mkdir(path.join(base, node, INSTALL, 'bin'), { recursive: true });
      await writeFile(path.join(base, node, MEDIA, 'setup.sh'), '#!/bin/sh\nread line\n');
      await chmod(path.join(base, node, MEDIA, 'setup.sh'), 0o755);
    }
  });
  afterAll(async () => {
    running?.kill('SIGKILL');
    await rm(base, { recursive: true, force: true });
  });

  it("sees node2's installer running on node2 only (its root-mapped path), and never itself", async () => {
    const adapters = { node1: createLabAdapter({ node: 'node1', root: path.join(base, 'node1') }), node2: createLabAdapter({ node: 'node2', root: path.join(base, 'node2') }) };
    const ctx = contextWith(adapters);
    expect((await stNoJobRunning.run(ctx, ctx.nodes[1]!)).status).toBe('pass');
    // As the lab adapter would start it: the mapped argv[0], kept waiting on its stdin.
    running = spawn(path.join(base, 'node2', MEDIA, 'setup.sh'), ['-s', '/tmp/x'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const seen = await stNoJobRunning.run(ctx, ctx.nodes[1]!);
    expect(seen.status).toBe('fail');
    expect(seen.detail).toContain(`pid ${running.pid}: /bin/sh ${path.join(base, 'node2', MEDIA, 'setup.sh')} -s /tmp/x`);
    expect((await stNoJobRunning.run(ctx, ctx.nodes[0]!)).status).toBe('pass');
  });
});
