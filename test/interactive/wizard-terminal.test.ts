// End-to-end: the built CLI in a real terminal (tmux) against a lab. An operator
// answers the questions alone and gets a healthy cluster.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LabInfo } from '../../src/lab/index.js';
import { addNodeInAdminTool, cli, packageDir, startLab, stopLab } from './lab-fixture.js';
import { Tmux } from './tmux.js';

describe('interactive setup in a real terminal', () => {
  let lab: LabInfo | undefined;
  const term = new Tmux();

  beforeAll(async () => {
    if (!existsSync(path.join(packageDir, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
    lab = await startLab(inject('pgUrl'));
  });

  afterAll(async () => {
    term.kill();
    await stopLab(lab);
  });

  it('goes from an empty answers file to a healthy cluster by answering questions', async () => {
    const l = lab!;
    const answers = path.join(l.dir, 'wizard.yaml');
    const adminPassword = readFileSync(l.adminPasswordFile, 'utf8').trim();
    term.start(`node ${cli} setup --answers ${answers} --state-dir ${path.join(l.dir, 'state')}`, { cwd: l.dir });

    await term.answer('Cluster name', path.basename(l.dir).replace(/[^a-z0-9]/gi, '').slice(0, 20));
    await term.answer('Install directory on every node', '');
    await term.answer('Shared PostgreSQL database: host', l.db.host);
    await term.answer('Database port', String(l.db.port));
    await term.answer('Database name', l.db.name);
    await term.answer('Database login role', l.db.user);
    await term.pick('database.password: where does st-cluster get it?', 2);
    await term.answer('Password file', l.dbPasswordFile);
    await term.answer('Shared file system: mount path', '/mnt/st-shared');
    await term.answer('Installer directory on each node', '/opt/media/SecureTransport');
    await term.answer('How many nodes', '2');
    for (const [i, node] of l.nodes.entries()) {
      await term.answer(`Node ${i + 1} name`, node.name);
      await term.answer(`Node ${i + 1} address`, node.address);
      await term.pick(`Node ${i + 1} reached through`, 2);
      await term.answer(`Node ${i + 1} lab node root directory`, node.root);
    }
    await term.answer('Core license file', path.join(l.dir, 'licenses', 'filedrive.license'));
    await term.answer('Features license file', path.join(l.dir, 'licenses', 'st.license'));
    await term.answer('Admin Tool user', '');
    await term.pick('admin.password: where does st-cluster get it?', 0);
    await term.answer('Admin Tool password (not shown)', adminPassword);
    await term.answer('Admin Tool password again, to confirm (not shown)', `${adminPassword}-typo`);
    await term.waitFor('The two entries differ; type the password again.');
    await term.answer('Admin Tool password (not shown)', adminPassword);
    await term.answer('Admin Tool password again, to confirm (not shown)', adminPassword);
    // From the first answer on, a draft holds what was typed: 0600, never a secret.
    const draft = path.join(l.dir, 'state', 'wizard-draft.yaml');
    expect(statSync(draft).mode & 0o777).toBe(0o600);
    expect(readFileSync(draft, 'utf8')).toContain(`host: ${l.db.host}`);
    expect(readFileSync(draft, 'utf8')).not.toContain(adminPassword);
    await term.answer('Admin port', '');
    await term.answer('Encrypt traffic between nodes', '');
    await term.answer('CA bundle (PEM)', l.caFile!);
    await term.answer('Let the installer register each node', '');
    await term.pick('Step 7, adding the nodes to the cluster', 0);
    await term.answer('Save these answers as a file you can replay', '');
    await term.answer('Save to', '');
    await term.pick('admin.password was typed in', 0);

    await term.waitForQuestion('Apply this plan to the 2 nodes now?', 120_000);
    const plan = term.capture();
    expect(plan).toMatch(/The plan/);
    expect(plan).toMatch(/ 1\. Prepare.*(checks pass|checks only)/);
    expect(plan).toMatch(/ 7\. Add every node.*on node1/);
    await term.answer('Apply this plan to the 2 nodes now?', 'y');

    await term.waitFor('Add the nodes to the cluster in the Admin Tool', 300_000);
    await term.waitFor(/listed; waiting for/, 30_000);
    for (const node of l.nodes) expect(await addNodeInAdminTool(l, node.address)).toBe(201);
    await term.waitFor('every address is listed by cluster management', 60_000);
    const end = await term.waitFor(/EXIT=\d+/, 300_000);
    if (process.env.ST_WIZARD_DUMP) writeFileSync(process.env.ST_WIZARD_DUMP, end);
    expect(end).toContain('The Enterprise Cluster is set up: 2 nodes Online.');
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/Step 4\/10 +Install the other nodes|Step 4\/10/);
    expect(end).not.toContain(adminPassword);

    expect(existsSync(draft)).toBe(false);
    const saved = readFileSync(answers, 'utf8');
    expect(saved).not.toContain(adminPassword);
    expect(saved).toMatch(/admin:[\s\S]*password: prompt/);
    expect(saved).toContain(`file: ${l.dbPasswordFile}`);
  }, 600_000);
});
