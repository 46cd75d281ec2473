// Issue 11 items 2 and 3 on a real lab: a node that cannot be looked at is never
// taken for "stopped", and an installer killed after the version file leaves a
// partial install that is reported (st.install-complete) and never registered.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type NodeAdapter } from '../../src/adapters/types.js';
import { loadAnswers } from '../../src/answers/index.js';
import { wire } from '../../src/cli/wiring.js';
import { PreflightFailedError } from '../../src/engine/errors.js';
import { EventLog } from '../../src/engine/events.js';
import { runSteps } from '../../src/engine/runner.js';
import { CUT_INSTALL_FILE } from '../../src/lab/sim/install-layout.js';
import { steps } from '../../src/steps/index.js';
import { registerNodes } from '../../src/steps/register-nodes.js';
import { clusterNodeRows, installPath, serviceAlive } from '../support/cluster-state.js';
import { failedChecks, runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

/** Every operation of the adapter fails the way a dropped ssh connection does. */
function unreachable(adapter: NodeAdapter): NodeAdapter {
  const fail = (): Promise<never> => Promise.reject(new AdapterError(adapter.node, 'unreachable', `${adapter.node}: ssh: connect to host: No route to host`));
  return { kind: adapter.kind, node: adapter.node, exec: fail, readFile: fail, writeFile: fail, remove: fail, stat: fail, sha256: fail, close: () => adapter.close() };
}

/** Commands run, but every file read fails with EACCES (e.g. a wrong sudo setting): the old probes took that for "not running". */
function unreadable(adapter: NodeAdapter): NodeAdapter {
  const fail = (p: string): Promise<never> => Promise.reject(new AdapterError(adapter.node, 'io', `${adapter.node}: cannot read ${p}: EACCES: permission denied`));
  return { ...adapter, readFile: fail, stat: fail, sha256: fail };
}

// Two nodes: step 4 installs only the second one, so no other install is in flight when it is cut.
describe('could not look, on a 2-node lab', () => {
  let lab: Lab;
  const cli = (...extra: string[]): ReturnType<typeof runCli> => runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', ...extra], { timeoutMs: 240_000 });
  beforeAll(async () => {
    lab = await startLab({ nodes: 2 });
  });
  afterAll(async () => lab?.down());

  it('an installer SIGKILLed after the version file → st.install-complete names the node and what is missing; resume stops (exit 3), registers nothing', async () => {
    const third = lab.nodes[1]!;
    await mkdir(path.join(third.root, path.dirname(CUT_INSTALL_FILE)), { recursive: true });
    await writeFile(path.join(third.root, CUT_INSTALL_FILE), 'after-version\n');
    const cut = await cli('--until', '4');
    expect(cut.exitCode, cut.stderr).not.toBe(0);
    expect((await readdir(installPath(third.root, 'bin'))).sort()).toEqual(['taeh']);

    const resumed = await cli('--resume');
    expect(resumed.exitCode, resumed.stderr).toBe(3);
    const failure = failedChecks(resumed).find((f) => f.id === 'st.install-complete' && f.node === third.name);
    expect(failure).toMatchObject({ node: third.name });
    expect(failure?.detail).toContain('bin/start_all');
    expect(failure?.fix).toContain(`on ${third.name}, then run setup --resume`);
    expect(await clusterNodeRows(lab)).toEqual([]);

    // The fix the check gives works: empty the install dir and resume.
    await rm(installPath(third.root, ''), { recursive: true, force: true });
    const fixed = await cli('--resume', '--until', '4');
    expect(fixed.exitCode, fixed.stderr).toBe(0);
  });

  for (const [how, wrap, cause] of [
    ['throws unreachable', unreachable, /could not look: .*No route to host/],
    ['fails every read with EACCES', unreadable, /could not look: .*EACCES/],
  ] as const) {
    it(`a node whose adapter ${how}: steps 5 and 7 stop on "could not look" — nothing stopped, nothing registered`, async () => {
      const second = lab.nodes[1]!;
      const adminPid = 'var/run/admin/tomcat.pid';
      expect(await serviceAlive(second.root, adminPid)).toBe(true);
      const loaded = await loadAnswers(lab.answersFile, { canPrompt: false });
      const wired = await wire(loaded, { dryRun: false, parallel: 4, events: new EventLog(), wrapAdapter: (a) => (a.node === second.name ? wrap(a) : a) });
      try {
        const from5 = steps.slice(4);
        const error = await runSteps(wired.ctx, from5, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PreflightFailedError);
        expect((error as PreflightFailedError).step).toBe('stop-new-admins');
        expect((error as PreflightFailedError).failures).toContainEqual(expect.objectContaining({ id: 'st.admin-stopped', node: second.name, detail: expect.stringMatching(cause) }));

        const register = await runSteps(wired.ctx, [registerNodes], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal }).catch((e: unknown) => e);
        expect(register).toBeInstanceOf(PreflightFailedError);
        const failures = (register as PreflightFailedError).failures.filter((f) => f.node === second.name);
        expect(failures.map((f) => f.id).sort()).toEqual(['st.admin-stopped', 'st.tm-stopped']);
        for (const f of failures) expect(f.detail).toMatch(cause);
      } finally {
        await wired.close();
      }
      // Its Admin still runs (step 5 would have stopped it) and nothing is registered.
      expect(await serviceAlive(second.root, adminPid)).toBe(true);
      expect(await clusterNodeRows(lab)).toEqual([]);
    });
  }
});
