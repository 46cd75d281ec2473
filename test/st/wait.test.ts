import { describe, expect, it } from 'vitest';
import { waitFor, type WaitClock } from '../../src/st/wait.js';

function fakeClock(): WaitClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('waitFor', () => {
  it('resolves true as soon as the probe does', async () => {
    const clock = fakeClock();
    let calls = 0;
    expect(await waitFor(() => Promise.resolve(++calls === 3), { timeoutMs: 10_000, intervalMs: 500, clock })).toBe(true);
    expect(calls).toBe(3);
    expect(clock.slept).toEqual([500, 500]);
  });

  it('resolves false at the deadline after a last look, and counts a throwing probe as not yet', async () => {
    const clock = fakeClock();
    let calls = 0;
    const probe = (): Promise<boolean> => {
      calls++;
      return Promise.reject(new Error('ECONNREFUSED'));
    };
    expect(await waitFor(probe, { timeoutMs: 1200, intervalMs: 500, clock })).toBe(false);
    expect(clock.slept).toEqual([500, 500, 200]);
    expect(calls).toBe(4);
  });

  it('probes once even with no time at all, and uses real time by default', async () => {
    let calls = 0;
    expect(await waitFor(() => Promise.resolve(++calls > 0), { timeoutMs: 0, intervalMs: 10 })).toBe(true);
    const started = Date.now();
    expect(await waitFor(() => Promise.resolve(false), { timeoutMs: 60, intervalMs: 20 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
