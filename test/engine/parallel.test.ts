import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/engine/parallel.js';

describe('mapBounded', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('throws the first failure only after every call in flight has settled, and starts no new one', async () => {
    const settled: string[] = [];
    const started: string[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((r) => (releaseSlow = r));
    const result = mapBounded(['slow', 'bad', 'later'], 2, async (name) => {
      started.push(name);
      if (name === 'bad') throw new Error('node3 failed');
      if (name === 'slow') await slow;
      settled.push(name);
      return name;
    });
    let rejected = false;
    result.catch(() => (rejected = true));
    await new Promise((r) => setImmediate(r));
    // "bad" has failed, "slow" still runs: the caller must not hear of the failure yet.
    expect(rejected).toBe(false);
    releaseSlow();
    await expect(result).rejects.toThrow('node3 failed');
    expect(settled).toEqual(['slow']);
    expect(started).toEqual(['slow', 'bad']);
  });
});
