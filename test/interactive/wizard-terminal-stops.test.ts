// End-to-end in a real terminal: a failed check the operator fixes before
// choosing retry, and Ctrl-C in the middle of step 4 leaving a clean state.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { LabInfo } from '../../src/lab/index.js';
import { cli, startLab, stopLab } from './lab-fixture.js';
import { Tmux } from './tmux.js';

describe('interactive setup stops in a real terminal', () => {
  let lab: LabInfo | undefined;
  let term: Tmux | undefined;

  afterEach(async () => {
    term?.kill();
    await stopLab(lab);
    lab = undefined;
  });

  const run = (l: LabInfo): Tmux => {
    const t = new Tmux();
    t.start(`node ${cli} setup --answers ${l.answersFile} --state-dir ${path.join(l.dir, 'state')}`, { cwd: l.dir });
    return t;
  };

  it('a failed check: the operator sees the fix, repairs the shared FS and chooses retry', async () => {
    lab = await startLab(inject('pgUrl'));
    const node2 = lab.nodes[1]!;
    const mount = path.join(node2.root, 'mnt', 'st-shared');
    rmSync(mount);
    mkdirSync(mount);
    term = run(lab);

    await term.waitForQuestion('Start the run anyway', 120_000);
    expect(term.capture()).toMatch(/1\. Prepare.*check\(s\) fail now[\s\S]*✖ fs\.shared on node\d: .*sentinel/);
    await term.answer('Start the run anyway', 'y');

    await term.waitForQuestion('What now?', 120_000);
    expect(term.capture()).toMatch(/Step 1 \(.*\): 1 check\(s\) failed\. Nothing has been changed by this step\./);
    await term.pick('What now?', 1);
    await term.waitFor(/fs\.shared on node\d\s+fix: /);

    rmSync(mount, { recursive: true });
    symlinkSync(path.join(lab.dir, 'shared'), mount);
    await term.pick('What now?', 0);

    const end = await term.waitFor(/EXIT=\d+/, 300_000);
    expect(end).toMatch(/✔ fs\.shared +each of 2 nodes sees the sentinels/);
    expect(end).toContain('The Enterprise Cluster is set up: 2 nodes Online.');
    expect(end).toContain('EXIT=0');
  }, 600_000);

  it('Ctrl-C in the middle of step 4: exit 130, no stack trace, terminal restored, no secret left on a node', async () => {
    lab = await startLab(inject('pgUrl'), { installDelayMs: 6000 });
    const l = lab;
    term = run(l);
    await term.answer('Apply this plan to the 2 nodes now?', 'y', 120_000);
    await term.waitFor('Step 4/10', 120_000);
    await term.waitFor('node2: silent install', 30_000);
    // The transient secrets (DB password, taeh) exist on the node while the installer runs.
    // Staged in the node's private dir beside the install dir (never in /tmp).
    const clusterName = /^cluster:\n(?: .*\n)*? {2}name: *(\S+)/m.exec(readFileSync(l.answersFile, 'utf8'))?.[1];
    expect(clusterName).toBeDefined();
    const privateDir = (node: { root: string; name: string }): string => path.join(node.root, 'opt', 'Axway', `.st-cluster-${clusterName!}.${node.name}`);
    const staged = (): string[] => (existsSync(privateDir(l.nodes[1]!)) ? readdirSync(privateDir(l.nodes[1]!)) : []);
    await vi.waitFor(() => expect(staged().length).toBeGreaterThan(0), { timeout: 5000, interval: 50 });
    term.keys('C-c');

    const end = await term.waitFor(/EXIT=\d+/, 60_000);
    if (process.env.ST_WIZARD_DUMP) writeFileSync(process.env.ST_WIZARD_DUMP, end);
    expect(end).toContain('EXIT=130');
    expect(end).toMatch(/Interrupted\. Run the same command again/);
    expect(end).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(term.cursorVisible()).toBe(true);
    for (const node of l.nodes) {
      const tmp = path.join(node.root, 'tmp');
      expect(existsSync(tmp) ? readdirSync(tmp).filter((f) => f.startsWith('st-cluster-')) : []).toEqual([]);
      expect(existsSync(privateDir(node)) ? readdirSync(privateDir(node)) : []).toEqual([]);
    }
    const installers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(l.dir) && /setup\.sh|install/.test(line));
    expect(installers).toEqual([]);

    // The same command again: the unfinished run is offered before anything else, and continued.
    term.kill();
    term = run(l);
    await term.waitForQuestion('Continue it (finished steps are verified again', 60_000);
    // Where the journal says it stopped: in step 4 when the interrupt cut the install; between
    // steps when, on a loaded machine, the install finished first and the run stopped before step 5.
    expect(term.capture()).toMatch(/The last run of this cluster did not finish: run \S+ .* (in step 4|between steps)/);
    await term.answer('Continue it (finished steps are verified again', '');
    await term.answer('Apply this plan to the 2 nodes now?', 'y', 120_000);
    const resumed = await term.waitFor(/EXIT=\d+/, 300_000);
    expect(resumed).toContain('The Enterprise Cluster is set up: 2 nodes Online.');
    expect(resumed).toContain('EXIT=0');
  }, 600_000);
});
