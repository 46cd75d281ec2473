// Waiting is polling with a deadline (issue: "never a fixed sleep"): fast
// first looks for a quick lab, backing off to once a second for real servers.
import { InterruptedError } from './errors.js';
import type { Clock } from './types.js';

export async function pollUntil(clock: Clock, probe: () => Promise<boolean>, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  let interval = 25;
  for (;;) {
    if (signal?.aborted) throw new InterruptedError();
    if (await probe().catch(() => false)) return true;
    if (clock.now() >= deadline) return false;
    await clock.sleep(Math.min(interval, Math.max(0, deadline - clock.now())), signal);
    interval = Math.min(interval * 2, 1000);
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new InterruptedError());
        },
        { once: true },
      );
    }),
};
