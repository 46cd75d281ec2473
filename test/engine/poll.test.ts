import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/engine/errors.js';
import { pollUntil } from '../../src/engine/poll.js';
import type { Clock } from '../../src/engine/types.js';

function fakeClock(): Clock & { slept: number[] } {
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

describe('pollUntil', () => {
  it('resolves true as soon as the probe does, looking fast first and backing off', async () => {
    const clock = fakeClock();
    let calls = 0;
    expect(await pollUntil(clock, () => Promise.resolve(++calls === 4), 10_000)).toBe(true);
    expect(calls).toBe(4);
    expect(clock.slept).toEqual([25, 50, 100]);
  });

  it('resolves false at the deadline after a last look, and counts a throwing probe as not yet', async () => {
    const clock = fakeClock();
    let calls = 0;
    const probe = (): Promise<boolean> => {
      calls++;
      return Promise.reject(new Error('ECONNREFUSED'));
    };
    expect(await pollUntil(clock, probe, 3000)).toBe(false);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(Math.max(...clock.slept)).toBe(500);
    expect(calls).toBe(clock.slept.length + 1);
  });

  it('stops with InterruptedError when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pollUntil(fakeClock(), () => Promise.resolve(false), 1000, controller.signal)).rejects.toBeInstanceOf(InterruptedError);
  });
});
