import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InterruptedError } from '../../src/engine/errors.js';
import { pollFor, pollUntil, systemClock } from '../../src/engine/poll.js';
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

describe('pollFor', () => {
  it('keeps the last probe error for the timeout message', async () => {
    let calls = 0;
    const probe = (): Promise<boolean> => Promise.reject(new Error(`ECONNREFUSED #${++calls}`));
    const outcome = await pollFor(fakeClock(), probe, 2000);
    expect(outcome).toEqual({ done: false, last: `ECONNREFUSED #${calls}` });
  });

  it('keeps the last look\'s detail, and forgets an error once a later look answers', async () => {
    let calls = 0;
    const probe = () => (++calls === 1 ? Promise.reject(new Error('refused')) : Promise.resolve({ done: false, detail: 'node2: Admin is not running' }));
    expect(await pollFor(fakeClock(), probe, 1000)).toEqual({ done: false, last: 'node2: Admin is not running' });
  });

  it('stops at once on an error waiting cannot cure (fatal), without sleeping', async () => {
    const clock = fakeClock();
    let calls = 0;
    const fatal = Object.assign(new Error('admin.password does not log in as admin.user on node1 (HTTP 401)'), { fatal: true });
    await expect(
      pollFor(clock, () => {
        calls++;
        return Promise.reject(fatal);
      }, 180_000),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
    expect(clock.slept).toEqual([]);
  });
});

describe('systemClock.sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no abort listener behind after a long poll on one signal', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let calls = 0;
    const polled = pollFor(systemClock, () => Promise.resolve(++calls === 200), 600_000, controller.signal);
    await vi.runAllTimersAsync();
    expect(await polled).toEqual({ done: true });
    expect(calls).toBe(200);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('still rejects with InterruptedError when aborted mid-sleep, and removes its listener', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const slept = systemClock.sleep(10_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(slept).rejects.toBeInstanceOf(InterruptedError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
