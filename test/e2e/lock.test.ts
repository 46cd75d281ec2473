// One run per cluster: two setups started together → exactly one proceeds, the
// other exits 5 at once (while the first still runs) naming the holder; a SIGKILLed holder frees the lock
// at once. Checked with one state dir (the jump host's lock file answers) and
// with two (only the shared database's advisory lock can answer).
import path from 'node:path';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliChild } from '../journal/cli-child.js';
import { startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const setup = (lab: Lab, state: string, extra: string[] = []): CliChild =>
  startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', path.join(lab.dir, state), '--until', '1', ...extra]);

async function race(lab: Lab, states: [string, string]): Promise<{ winner: CliChild; loser: CliChild; loserMs: number; winnerMs: number }> {
  const both = [setup(lab, states[0]), setup(lab, states[1])];
  const exits = await Promise.all(both.map((c) => c.exit));
  const loserIndex = exits.findIndex((e) => e.code === 5);
  expect(loserIndex, both.map((c) => c.stderr()).join('\n---\n')).toBeGreaterThanOrEqual(0);
  const winner = both[1 - loserIndex]!;
  expect(exits[1 - loserIndex]!.code, winner.stderr()).toBe(0);
  return { winner, loser: both[loserIndex]!, loserMs: exits[loserIndex]!.ms, winnerMs: exits[1 - loserIndex]!.ms };
}

describe('the run lock', () => {
  let lab: Lab;
  beforeAll(async () => {
    // Latency on every node operation keeps step 1 busy for seconds, so the two runs surely overlap.
    lab = await startLab({ nodes: 3, latencyMs: 100 });
  });
  afterAll(async () => lab?.down());

  it.each([
    ['the lock file', ['same', 'same'] as [string, string]],
    ['the database advisory lock', ['state-a', 'state-b'] as [string, string]],
  ])('two setups at once, %s decides: one proceeds, the other exits 5 at once naming the holder', async (_how, states) => {
    const { winner, loser, loserMs, winnerMs } = await race(lab, states);
    // "At once": the loser never waits for the holder (how fast it says so is the bench's business).
    expect(loserMs).toBeLessThan(winnerMs);
    const result = loser.events.at(-1);
    expect(result).toMatchObject({ type: 'result', exitCode: 5 });
    const message = String(result?.message);
    expect(message).toContain(`@${hostname()}`);
    expect(message).toContain(`pid ${winner.pid}`);
    expect(message).toMatch(/running since \d{4}-\d\d-\d\dT/);
    expect(loser.events.some((e) => e.type === 'step')).toBe(false);
  });

  it('a holder killed with SIGKILL frees both locks at once: the next run proceeds', async () => {
    const holder = setup(lab, 'killed');
    expect(await holder.waitFor((e) => e.type === 'step' && e.status === 'started')).toBeDefined();
    holder.killGroup();
    expect((await holder.exit).signal).toBe('SIGKILL');
    // Same state dir (stale lock file) and another one (the database lock alone).
    for (const state of ['killed', 'fresh']) {
      const next = setup(lab, state);
      const exit = await next.exit;
      expect(exit.code, next.stderr()).toBe(0);
    }
  });
});
