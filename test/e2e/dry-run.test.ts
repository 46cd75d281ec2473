// A dry run probes for real and plans every step, and changes nothing anywhere.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labQuery } from '../support/cluster-state.js';
import { runCli, startLab, stepEvents } from '../support/lab.js';
import { snapshotTree } from '../support/tree.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

async function dbSnapshot(lab: Lab): Promise<string> {
  const tables = await labQuery<{ t: string }>(lab, "select table_schema || '.' || table_name as t from information_schema.tables where table_schema not in ('pg_catalog','information_schema') order by 1");
  const counts = await Promise.all(tables.map(async ({ t }) => `${t}=${(await labQuery<{ n: string }>(lab, `select count(*) as n from ${t}`))[0]!.n}`));
  return counts.join(',');
}

describe('setup --dry-run on a fresh lab', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
  });
  afterAll(async () => lab?.down());

  it('lists all ten steps with their actions, and leaves the lab tree and the DB byte-for-byte the same', async () => {
    const skip = (relative: string): boolean => relative === 'pg' || relative.startsWith('pg/') || relative.endsWith('.log');
    const treeBefore = await snapshotTree(lab.dir, skip);
    const dbBefore = await dbSnapshot(lab);

    const run = await runCli(['setup', '--answers', lab.answersFile, '--dry-run', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);

    const finals = stepEvents(run).filter((e) => e.status !== 'started');
    expect(finals.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const planned = run.events.filter((e) => e.type === 'action');
    expect(planned.every((e) => e.status === 'planned')).toBe(true);
    const stepsWithActions = new Set(planned.map((e) => e.step));
    // Step 6 is judged on what steps 2, 4 and 5 leave (only Admin on the first node, nothing on the others): already done, as the run finds it.
    expect([...stepsWithActions].sort()).toEqual(
      ['install-first', 'configure-first', 'install-others', 'stop-new-admins', 'register-nodes', 'start-new-admins', 'license-others', 'restart-all'].sort(),
    );
    expect(finals.find((e) => e.step === 'quiesce')).toMatchObject({ status: 'already-done', reason: 'after steps 2, 4, 5: postconditions will already hold' });
    expect(run.events.find((e) => e.type === 'plan')).toMatchObject({ alreadyDone: [6], summary: `${planned.length} actions on 3 nodes; step 6 already done` });
    // Step 1's probes ran for real.
    expect(run.events.some((e) => e.type === 'check' && e.id === 'fs.shared' && e.status === 'pass')).toBe(true);

    expect(await snapshotTree(lab.dir, skip)).toEqual(treeBefore);
    expect(await dbSnapshot(lab)).toBe(dbBefore);

    const secrets = [await readFile(lab.dbPasswordFile, 'utf8'), await readFile(lab.adminPasswordFile, 'utf8')].map((s) => s.trim());
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it('plan prints the same plan for a person: commands, file copies with modes, transient secret files', async () => {
    const run = await runCli(['plan', '--answers', lab.answersFile]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Step 10/10');
    // Secrets are staged in the node's private dir beside the install dir, never in /tmp.
    // The installer runs with TEMPORARY_DIR, umask 022 and the media's Axway installer file, within its budget.
    expect(run.stdout).toMatch(/run\s+TEMPORARY_DIR=\/tmp sh -c 'umask 022 && exec "\$@"' sh \/opt\/media\/SecureTransport\/setup\.sh -s \/opt\/Axway\/\.st-cluster-[\w-]+\.node1\/Install_Axway_Installer_V4\.10\.13\.properties {2}\(up to 60 min\)/);
    expect(run.stdout).toMatch(/write \/opt\/Axway\/\.st-cluster-[\w-]+\.node\d\/Install_SecureTransport_V5\.5\.properties \(mode 0600; SecureTransport silent file from the media template, incl\. the DB password; removed after\)/);
    expect(run.stdout).toMatch(/write \/opt\/Axway\/\.st-cluster-[\w-]+\.node2\/taeh \(mode 0600; taeh of node1 \(after step 2 \(install-first\), which makes it\); removed after\)/);
    // Budgets: Admin ready 10 min; a stop_all forced after its 2 min.
    expect(run.stdout).toMatch(/wait {2}Admin up and operational {2}\(up to 10 min\)/);
    expect(run.stdout).toMatch(/still running after 2 min: \/opt\/Axway\/SecureTransport\/bin\/stop_all -f/);
    expect(run.stdout).not.toMatch(/\/tmp\/st-cluster-/);
    expect(run.stdout).toMatch(/copy\s+→ \/opt\/Axway\/SecureTransport\/conf\/st\.license \(mode 0640, sha256 [0-9a-f]{12}…\)/);
    expect(run.stdout).toContain('Plan complete. Nothing was changed.');
  });
});
