// The crash test: SIGKILL a 3-node lab setup at every action boundary
// in turn (the boundaries of a clean run, cross-checked with its audit log),
// each time continuing with `setup --resume --yes`. Chained on one lab — point
// k is hit in the run resumed after point k-1 — plus a few points from a fresh
// lab each. Every chain ends in the same healthy cluster as the clean run, and
// no node's installer ever succeeds twice.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/journal/journal-reader.js';
import { startCli, type CliEvent } from '../journal/cli-child.js';
import { installsPerNode, readAudit, snapshot, type ClusterSnapshot } from '../journal/cluster-snapshot.js';
import { startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const stateOf = (lab: Lab): string => path.join(lab.dir, 'st-state');
const setupArgs = (lab: Lab, resume: boolean): string[] => ['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', stateOf(lab), ...(resume ? ['--resume'] : [])];
const boundaryOf = (e: CliEvent): string | undefined => (e.type === 'action' && (e.status === 'started' || e.status === 'done') ? `${String(e.id)}@${String(e.status)}` : undefined);

interface Chain {
  hits: string[];
  runs: number;
  final: { code: number | null; stderr: string; last: CliEvent | undefined };
}

/** Runs setup, SIGKILLs it at the first boundary at or after each target (never past the last) in turn, resumes, until a run ends by itself. */
async function killChain(lab: Lab, boundaries: readonly string[], targets: readonly number[]): Promise<Chain> {
  const order = new Map(boundaries.map((b, i) => [b, i]));
  const last = Math.max(...targets);
  const hits: string[] = [];
  let next = 0;
  for (let run = 0; run < boundaries.length + 5; run += 1) {
    const target = targets[next];
    const child = startCli(setupArgs(lab, run > 0));
    let hit: number | undefined;
    if (target !== undefined) {
      child.killWhen((event) => {
        const index = order.get(boundaryOf(event) ?? '');
        if (index === undefined || index < target || index > last) return false;
        hit = index;
        return true;
      });
    }
    const exit = await child.exit;
    if (hit === undefined) return { hits, runs: run + 1, final: { code: exit.code, stderr: child.stderr(), last: child.events.at(-1) } };
    expect(exit.signal, `run ${run} should have been killed at ${boundaries[hit]}`).toBe('SIGKILL');
    hits.push(boundaries[hit]!);
    while (next < targets.length && targets[next]! <= hit) next += 1;
  }
  throw new Error('the chain did not end');
}

async function expectHealthyLike(lab: Lab, clean: ClusterSnapshot): Promise<void> {
  const now = await snapshot(lab);
  expect(now).toEqual(clean);
  expect(now.registered).toEqual(lab.nodes.map((n) => n.name));
  expect(now.online).toEqual(lab.nodes.map((n) => n.name));
  expect(now).toMatchObject({ taehPerNode: 3, distinctTaeh: 1 });
  // No install ran twice: at most one success and no failure per node (a killed
  // run may have set one off whose end it never saw; the node then shows it installed).
  const installs = installsPerNode(await readAudit(path.join(stateOf(lab), 'lab', 'audit.jsonl')));
  expect(Object.keys(installs).sort()).toEqual(['node1', 'node2', 'node3']);
  for (const [node, c] of Object.entries(installs)) expect(c.ok <= 1 && c.failed === 0 && c.started >= 1, `${node}: ${JSON.stringify(c)}`).toBe(true);
}

describe('SIGKILL at every action boundary, then setup --resume --yes', () => {
  const labs: Lab[] = [];
  let boundaries: string[] = [];
  let clean: ClusterSnapshot;

  beforeAll(async () => {
    const lab = await startLab({ nodes: 3 });
    labs.push(lab);
    const run = startCli(setupArgs(lab, false));
    const exit = await run.exit;
    expect(exit.code, run.stderr()).toBe(0);
    boundaries = run.events.flatMap((e) => boundaryOf(e) ?? []);
    clean = await snapshot(lab);
    // Every command an action ran is in the clean run's audit log, with its exit code.
    const audit = await readAudit(path.join(stateOf(lab), 'lab', 'audit.jsonl'));
    for (const e of run.events.filter((x) => x.type === 'action' && x.status === 'done' && x.kind === 'exec')) {
      const argv = (e.detail as { argv: string[] }).argv;
      expect(audit.some((r) => r.op === 'exec' && r.node === e.node && r.exitCode === 0 && JSON.stringify(r.argv) === JSON.stringify(argv)), `${String(e.id)} in the audit log`).toBe(true);
    }
  }, 120_000);
  afterAll(async () => {
    // One at a time: lab down revokes grants on shared tablespaces, and two at once collide ("tuple concurrently updated").
    for (const lab of labs) await lab.down();
  });

  it('the clean run has at least 30 actions (a started and a done boundary each) and ends healthy', () => {
    expect(boundaries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(boundaries).size).toBe(boundaries.length);
    expect(clean).toMatchObject({ registered: ['node1', 'node2', 'node3'], online: ['node1', 'node2', 'node3'], taehPerNode: 3, distinctTaeh: 1 });
  });

  it('chained: killed at each boundary in turn, every resume continues, each chain ends like the clean run', async () => {
    const everyBoundary = boundaries.map((_, i) => i);
    const hit = new Set<string>();
    // A second chain on a fresh lab aims at the boundaries the first could not
    // reach (a resumed run skips what its evidence shows done, e.g. a step's wait).
    for (let round = 0; round < 2; round += 1) {
      const targets = everyBoundary.filter((i) => !hit.has(boundaries[i]!));
      if (targets.length === 0) break;
      const lab = await startLab({ nodes: 3 });
      labs.push(lab);
      const chain = await killChain(lab, boundaries, targets);
      expect(chain.final.code, chain.final.stderr).toBe(0);
      expect(chain.final.last).toMatchObject({ type: 'result', status: 'ok' });
      await expectHealthyLike(lab, clean);
      chain.hits.forEach((h) => hit.add(h));

      // The journal tells the same story: each run resumes the one before and names what was cut.
      const { runs } = await readJournal(path.join(stateOf(lab), 'lab', 'journal.jsonl'));
      expect(runs).toHaveLength(chain.runs);
      runs.slice(1).forEach((run, i) => expect(run.header?.resumeOf, run.runId).toBe(runs[i]!.runId));
      chain.hits.forEach((h, i) => {
        const [id, status] = h.split('@');
        // Killed once an action started: the resume names an action of that step as cut — that one,
        // or (under load the SIGKILL can land a moment late) one the same step started after it.
        if (status === 'started') {
          const cut = runs[i + 1]?.header?.inFlight ?? [];
          const step = id!.split('/')[0]!;
          expect(cut.includes(id!) || cut.some((c) => c.startsWith(`${step}/`)), `${h}: in flight ${cut.join(', ') || 'nothing'}`).toBe(true);
        }
      });
    }
    expect(hit.size, [...hit].join('\n')).toBeGreaterThanOrEqual(30);
  }, 420_000);

  it('from a fresh lab each: cut in the first install, amid the parallel installs and amid registration, then resumed to the same cluster', async () => {
    const picks = ['install-first/node1/1@started', 'install-others/node2/1@started', 'register-nodes/node2/1@done'].map((b) => boundaries.indexOf(b));
    expect(picks.every((i) => i >= 0), String(picks)).toBe(true);
    await Promise.all(
      picks.map(async (pick) => {
        const lab = await startLab({ nodes: 3 });
        labs.push(lab);
        const chain = await killChain(lab, boundaries, [pick]);
        expect(chain.hits).toEqual([boundaries[pick]]);
        expect(chain.final.code, chain.final.stderr).toBe(0);
        await expectHealthyLike(lab, clean);
      }),
    );
  }, 240_000);

  // Once step 10's stop_all has stopped Admin on node1, the earlier steps' evidence
  // cannot ask node1's Admin: registration is read from CLUSTERNODE, the TLS option
  // is left to step 10's postconditions.
  it('cut in mid-restart (step 10), then resumed to the same cluster', async () => {
    const lab = await startLab({ nodes: 3 });
    labs.push(lab);
    const chain = await killChain(lab, boundaries, [boundaries.indexOf('restart-all/node1/1@done')]);
    expect(chain.final.code, chain.final.stderr).toBe(0);
    await expectHealthyLike(lab, clean);
  }, 120_000);
});
