// Issue 13 item 3, the crash test over real ssh: one 3-node hosts lab, setup
// SIGKILLed (the CLI and its ssh clients, as a crash of the jump host) at a sample
// of 8 action boundaries across the steps, each time continued with `setup
// --resume --yes`. The chain ends healthy with no second install on any node,
// and at every cut the only files on a node holding a secret are the ST account's
// own, readable by it alone. (test/e2e/resume-kill.test.ts kills at every
// boundary on the fast lab.)
import { statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { LabNode } from '../../src/lab/types.js';
import { readJournal } from '../../src/journal/journal-reader.js';
import type { CliEvent } from '../journal/cli-child.js';
import { expectHealthyOnce, hostsRunLab, leftovers, secretsOnNodes, uidOf } from '../support/hosts-lab.js';

// In the order a clean run meets them (the fast lab's names; the same plan over ssh).
const SAMPLE = [
  'install-first/node1/1@started',
  'configure-first/node1/1@done',
  'install-others/node2/1@started',
  'stop-new-admins/node2/2@started',
  'register-nodes/node2/1@done',
  'start-new-admins/node3/1@started',
  'license-others/node2/2@started',
  'restart-all/node1/2@done',
];

// The cut amid step 4, taken once node2's installer input (DB password, taeh) is staged.
const STAGED_CUT = 'install-others/node2/1@started';
const stagingDir = (node: LabNode): string => path.join(node.root, 'opt', 'Axway', `.st-cluster-lab.${node.name}`);

const boundaryOf = (e: CliEvent): string | undefined => (e.type === 'action' && (e.status === 'started' || e.status === 'done') ? `${String(e.id)}@${String(e.status)}` : undefined);

describe('SIGKILL at a sample of action boundaries over ssh, then setup --resume --yes', () => {
  // Each install takes 1.5 s: long enough to see its staged input.
  const run = hostsRunLab({ installDelayMs: 1500 });
  const setup = (resume: boolean) => run.setup(...(resume ? ['--resume'] : []));

  it('killed at each sampled boundary in turn, every resume continues; the chain ends healthy with one install per node', async () => {
    const lab = run.lab();
    const st = uidOf(lab.hosts.stAccount);
    const hits: string[] = [];
    const secretsAtCuts: string[] = [];
    let runs = 0;
    let next = 0;
    let end: { code: number | null; stderr: string; last: CliEvent | undefined } | undefined;
    while (!end) {
      expect(runs, `hits so far: ${hits.join(', ')}`).toBeLessThan(SAMPLE.length + 8);
      const child = setup(runs > 0);
      runs += 1;
      const target = SAMPLE[next];
      let hit: string | undefined;
      if (target === STAGED_CUT) {
        // Here the cut waits until node2's installer input (the DB password in it) is staged.
        if (await child.waitFor((e) => boundaryOf(e) === target, 180_000)) {
          await vi.waitFor(() => expect(secretsOnNodes(lab).filter((f) => f.file.startsWith(`${stagingDir(lab.nodes[1]!)}/`))).not.toEqual([]), { timeout: 20_000, interval: 50 });
          child.killGroup();
          hit = target;
          const dir = statSync(stagingDir(lab.nodes[1]!));
          expect({ uid: dir.uid, mode: dir.mode & 0o777 }).toEqual({ uid: st, mode: 0o700 });
        }
      } else if (target) child.killWhen((e) => boundaryOf(e) === target && Boolean((hit = target)));
      const exit = await child.exit;
      const failed = child.events.filter((e) => e.type === 'check' && e.status === 'fail');
      if (hit) {
        expect(exit.signal).toBe('SIGKILL');
        hits.push(hit);
        next += 1;
        // Whatever the cut left on the nodes: a secret only in the ST account's own files, for it alone.
        for (const f of secretsOnNodes(lab)) {
          expect({ file: f.file, uid: f.uid, groupOrOther: f.mode & 0o077 }).toEqual({ file: f.file, uid: st, groupOrOther: 0 });
          expect(f.file).toMatch(/\/opt\/Axway\/(SecureTransport\/conf\/|\.st-cluster-)/);
          secretsAtCuts.push(path.relative(lab.hosts.base, f.file));
        }
      } else if (exit.code === 3 && failed.length > 0 && failed.every((e) => e.id === 'st.no-job-running')) {
        // The killed run's installer or script still at work on a node: the resume waits for it, starting nothing.
        expect(child.events.filter((e) => e.type === 'action' && e.status === 'started')).toEqual([]);
        await sleep(1000);
      } else if (target && exit.code === 0) {
        throw new Error(`the run ended without meeting ${target} (hits: ${hits.join(', ')})`);
      } else {
        end = { code: exit.code, stderr: child.stderr(), last: child.events.at(-1) };
      }
    }
    expect(hits).toEqual(SAMPLE);
    expect(end.code, end.stderr).toBe(0);
    expect(end.last).toMatchObject({ type: 'result', status: 'ok' });
    // The staged installer properties (the DB password) were seen at the cut amid step 4, in the private staging dir.
    expect(secretsAtCuts.filter((f) => f.startsWith(`${path.basename(lab.nodes[1]!.root)}/opt/Axway/.st-cluster-lab.node2/`)).length, secretsAtCuts.join('\n')).toBeGreaterThan(0);

    await expectHealthyOnce(lab);

    // Each run resumed the last one before it that acted (a resume that only waited for a
    // node's installer changed nothing, so the next resume continues the run before it).
    const journal = await readJournal(path.join(run.state(), 'lab', 'journal.jsonl'));
    expect(journal.runs).toHaveLength(runs);
    journal.runs.slice(1).forEach((run, i) => {
      const resumable = journal.runs.slice(0, i + 1).filter((r) => r.started.length > 0).at(-1);
      expect(run.header?.resumeOf, run.runId).toBe(resumable?.runId);
    });

    const made = { hosts: lab.hosts, nodes: lab.nodes };
    await lab.down();
    expect(await leftovers(made)).toEqual([]);
  }, 400_000);
});
