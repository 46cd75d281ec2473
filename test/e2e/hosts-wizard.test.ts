// Issue 13 item 3, the interactive path and auto-register over real ssh: a 3-node
// hosts lab with cluster.autoRegister (and a lab CA, so its answers are complete),
// `setup` in a real terminal (tmux): the plan, the question to apply it, the
// progress, a healthy cluster; then a second setup skips steps 5–8 as
// auto-register and changes nothing, and status is HEALTHY.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterNodeRows } from '../support/cluster-state.js';
import { expectHealthyOnce, leftovers, startHostsLab } from '../support/hosts-lab.js';
import { runCli, stepEvents } from '../support/lab.js';
import { status } from '../day-two/lab-support.js';
import { cli, packageDir } from '../interactive/lab-fixture.js';
import { Tmux } from '../interactive/tmux.js';

describe('interactive setup in a real terminal over a hosts lab, auto-register', () => {
  it('the operator applies the plan; the cluster ends healthy with steps 5–8 skipped; run again, nothing changes', async () => {
    if (!existsSync(path.join(packageDir, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
    const lab = await startHostsLab({ nodes: 3, autoRegister: true, labCa: true });
    const term = new Tmux();
    try {
      const state = path.join(lab.dir, 'st-state');
      const adminPassword = readFileSync(lab.adminPasswordFile, 'utf8').trim();
      const dbPassword = readFileSync(lab.dbPasswordFile, 'utf8').trim();
      term.start(`node ${cli} setup --answers ${lab.answersFile} --state-dir ${state}`, { cwd: lab.dir });
      await term.waitForQuestion('Apply this plan to the 3 nodes now?', 120_000);
      const plan = term.capture();
      expect(plan).toMatch(/ 4\. Install the other.*node2/);
      expect(plan).toMatch(/ 7\. .*skipped: auto-register/);
      await term.answer('Apply this plan to the 3 nodes now?', 'y');
      const end = await term.waitFor(/EXIT=\d+/, 300_000);
      expect(end).toContain('The Enterprise Cluster is set up: 3 nodes Online.');
      expect(end).toContain('EXIT=0');
      expect(end).toMatch(/^Step 4\/10 +Install the other SecureTransport Servers$/m);
      for (const secret of [adminPassword, dbPassword]) expect(end.includes(secret)).toBe(false);
      await expectHealthyOnce(lab);
      // The installer registered every node (ClusterAuto-Register): no step 7 did.
      expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());

      const again = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', state], { timeoutMs: 180_000 });
      expect(again.exitCode, again.stderr).toBe(0);
      const finals = stepEvents(again).filter((e) => e.status !== 'started');
      expect(finals.map((e) => `${e.number}:${e.status}`)).toEqual(['1:done', '2:already-done', '3:already-done', '4:already-done', '5:skipped', '6:skipped', '7:skipped', '8:skipped', '9:already-done', '10:already-done']);
      expect(finals.filter((e) => e.status === 'skipped').every((e) => e.reason === 'auto-register')).toBe(true);
      expect(again.events.filter((e) => e.type === 'action')).toEqual([]);
      const { exitCode, json } = await status(lab.answersFile);
      expect(exitCode).toBe(0);
      expect(json.verdict).toBe('HEALTHY');
    } finally {
      term.kill();
      await lab.down();
    }
    expect(await leftovers(lab)).toEqual([]);
  }, 420_000);
});
