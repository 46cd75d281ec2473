// Labs that stand alone (issue 15 item 3): a lab's answers keep its journal, audit log
// and lock inside the lab dir (cluster.stateDir: state), so two labs never mix in
// ~/.st-cluster; --state-dir and ST_CLUSTER_STATE_DIR still win, in that order.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStateDir } from '../../src/journal/records.js';
import { CLI, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('where a run keeps its state', () => {
  it('takes --state-dir, then ST_CLUSTER_STATE_DIR, then the answers\' cluster.stateDir, then ~/.st-cluster', () => {
    expect(resolveStateDir('/a', { ST_CLUSTER_STATE_DIR: '/b' }, '/c')).toBe('/a');
    expect(resolveStateDir(undefined, { ST_CLUSTER_STATE_DIR: '/b' }, '/c')).toBe('/b');
    expect(resolveStateDir(undefined, {}, '/c')).toBe('/c');
    expect(resolveStateDir(undefined, { HOME: '/h' }, undefined)).toMatch(/\.st-cluster$/);
  });
});

describe('two labs on one machine', () => {
  const labs: Lab[] = [];
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'st-home-'));
    // Default names: each lab its own cluster.
    labs.push(await startLab({ nodes: 2, name: undefined }), await startLab({ nodes: 2, name: undefined }));
  });
  afterAll(async () => Promise.all(labs.map((lab) => lab.down())));

  // No ST_CLUSTER_STATE_DIR and a HOME of its own: only the answers decide.
  const cli = (args: string[]) => execa('node', [CLI, ...args], { reject: false, env: { NO_COLOR: '1', HOME: home, ST_CLUSTER_STATE_DIR: undefined } });

  it('each is its own cluster and keeps its journal in its own lab dir; history of one lists only its own runs; nothing goes to ~/.st-cluster', async () => {
    expect(labs[0]!.cluster).toMatch(/^lab-[0-9a-f]{6}$/);
    expect(labs[1]!.cluster).toMatch(/^lab-[0-9a-f]{6}$/);
    expect(labs[0]!.cluster).not.toBe(labs[1]!.cluster);
    for (const lab of labs) {
      const run = await cli(['setup', '--answers', lab.answersFile, '--yes', '--until', '1']);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(existsSync(path.join(lab.dir, 'state', lab.cluster, 'journal.jsonl'))).toBe(true);
    }
    expect(existsSync(path.join(home, '.st-cluster'))).toBe(false);
    const history = await cli(['history', '--answers', labs[0]!.answersFile, '--json']);
    expect(history.exitCode, history.stderr).toBe(0);
    const shown = JSON.parse(history.stdout) as { journal: string; runs: unknown[] };
    expect(shown.journal).toBe(path.join(labs[0]!.dir, 'state', labs[0]!.cluster, 'journal.jsonl'));
    expect(shown.runs).toHaveLength(1);
  });
});
