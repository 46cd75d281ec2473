// examples/ansible as an operator would use it: one inventory, two clusters (two
// labs), one play run per cluster; st-cluster's exit codes and result event
// decide success. Needs Debian's ansible (.ci/run installs it).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineNodes } from '../support/cluster-state.js';
import { CLI, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;
const PLAYBOOK = path.resolve(import.meta.dirname, '../../examples/ansible/site.yml');

describe('examples/ansible drives several clusters', () => {
  const labs: Lab[] = [];
  let work: string;

  beforeAll(async () => {
    const which = await execa('sh', ['-c', 'command -v ansible-playbook'], { reject: false });
    if (which.exitCode !== 0) throw new Error('ansible-playbook is missing: apt-get install -y ansible (.ci/run installs it)');
    work = await mkdtemp(path.join(tmpdir(), 'st-ansible-'));
    labs.push(await startLab({ nodes: 2, name: 'east' }), await startLab({ nodes: 2, name: 'west' }));
  });
  afterAll(async () => {
    for (const lab of labs) await lab.down();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const play = async (extra: string[] = []) => {
    const inventory = path.join(work, 'inventory.yml');
    const hosts = labs.map((lab) => `    ${path.basename(path.dirname(lab.dir))}:\n      answers: ${lab.answersFile}`).join('\n');
    await writeFile(inventory, `st_clusters:\n  vars:\n    ansible_connection: local\n    ansible_python_interpreter: auto_silent\n  hosts:\n${hosts}\n`);
    return execa('ansible-playbook', ['-i', inventory, PLAYBOOK, '-e', `st_cluster=${CLI}`, '-e', `report_dir=${path.join(work, 'reports')}`, ...extra], {
      reject: false,
      env: { ST_CLUSTER_STATE_DIR: path.join(work, 'state'), ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default', ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp') },
      timeout: 240_000,
    });
  };

  it('sets up every cluster of the inventory, then changes nothing on a second run', async () => {
    const first = await play();
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    for (const lab of labs) expect(await onlineNodes(lab)).toEqual(lab.nodes.map((n) => n.name));
    // PLAY RECAP: both clusters ok, each with changes (setup acted), none failed.
    expect(first.stdout).toMatch(/failed=0/);
    expect(first.stdout.match(/changed=[1-9]/g)?.length).toBe(2);
    const reports = await readdir(path.join(work, 'reports'));
    expect(reports.filter((f) => f.endsWith('.html'))).toHaveLength(2);
    expect(reports.filter((f) => f.endsWith('-preflight.xml'))).toHaveLength(2);

    const second = await play();
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout.match(/changed=0/g)?.length).toBe(2);
  });

  it('fails the play of a cluster whose preflight fails, and stops the rollout there', async () => {
    // A node's installer media disappears: preflight (read-only) exits 3.
    const lab = labs[0]!;
    const media = path.join(lab.nodes[1]!.root, 'opt/media/SecureTransport/setup.sh');
    await rm(media);
    const run = await play();
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toMatch(/Preflight[\s\S]*FAILED[\s\S]*"rc": 3/);
    // serial: 1 — the failed cluster ends the rollout; the next cluster's setup never starts.
    const recap = run.stdout.slice(run.stdout.indexOf('PLAY RECAP'));
    expect(recap).toContain(path.basename(path.dirname(lab.dir)));
    expect(recap).not.toContain(path.basename(path.dirname(labs[1]!.dir)));
  });
});
