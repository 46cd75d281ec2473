// Secrets are staged only in a private place (issue 11 item 9): a directory beside
// the install dir, 0700, of the account running SecureTransport. Something else
// found there — a symlink, a directory of another mode — is refused before any
// secret is written, with the place and the fix; and no secret stays behind.
import { chmod, lstat, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('the private staging place on a node', () => {
  let lab: Lab;
  let place: (node: number) => string;
  beforeAll(async () => {
    lab = await startLab({ nodes: 2 });
    const cluster = /^cluster:\n(?: .*\n)*? {2}name: *(\S+)/m.exec(await readFile(lab.answersFile, 'utf8'))?.[1];
    place = (node) => path.join(lab.nodes[node]!.root, 'opt', 'Axway', `.st-cluster-${cluster!}.${lab.nodes[node]!.name}`);
  });
  afterAll(async () => lab?.down());

  // From the second run on, --resume: the refused install was an action started (journaled) on node1.
  let runs = 0;
  const setup = () => runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', ...(runs++ > 0 ? ['--resume'] : [])]);
  const failure = (run: Awaited<ReturnType<typeof setup>>): string => String(run.events.find((e) => e.type === 'action' && e.status === 'failed')?.error);

  it('refuses a symlink planted there, writes nothing through it', async () => {
    const elsewhere = path.join(lab.dir, 'attacker');
    await mkdir(elsewhere, { recursive: true });
    await mkdir(path.dirname(place(0)), { recursive: true });
    await symlink(elsewhere, place(0));
    try {
      const run = await setup();
      expect(run.exitCode, run.stderr).toBe(4);
      expect(failure(run)).toMatch(/node1: the staging place \S+\.st-cluster-\S+ is a symbolic link, not a directory; the DB password and the taeh are never put there/);
      expect(run.stderr).toMatch(/must be a directory of the account that runs SecureTransport, mode 0700, not a symlink/);
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(place(0));
    }
  });

  it('refuses a directory there that others may enter', async () => {
    await mkdir(place(0), { recursive: true });
    await chmod(place(0), 0o755);
    try {
      const run = await setup();
      expect(run.exitCode, run.stderr).toBe(4);
      expect(failure(run)).toMatch(/is mode 755, not 700/);
      expect(await readdir(place(0))).toEqual([]);
    } finally {
      await rm(place(0), { recursive: true });
    }
  });

  it('then sets up the cluster, staging in 0700 directories that hold nothing afterwards', async () => {
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--resume', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    for (const node of [0, 1]) {
      const info = await lstat(place(node));
      expect(info.isDirectory()).toBe(true);
      expect(info.mode & 0o777).toBe(0o700);
      expect(await readdir(place(node))).toEqual([]);
    }
    // The plan and the journal name the private place, never /tmp.
    const install = run.events.find((e) => e.type === 'action' && e.status === 'done' && String(e.summary).startsWith('silent install'));
    expect(JSON.stringify(install)).not.toMatch(/"\/tmp\//);
  });
});
