// Waiting is polling with a deadline (issue: "never a fixed sleep"): fast
// first looks for a quick lab, backing off to twice a second. Slower polling would
// overshoot: a service ready just after a look is seen up to one interval late,
// on every node and every wait (bench row 4).
import { InterruptedError } from './errors.js';
import type { Clock } from './types.js';

const MAX_INTERVAL_MS = 500;

export async function pollUntil(clock: Clock, probe: () => Promise<boolean>, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  let interval = 25;
  for (;;) {
    if (signal?.aborted) throw new InterruptedError();
    if (await probe().catch(() => false)) return true;
    if (clock.now() >= deadline) return false;
    await clock.sleep(Math.min(interval, Math.max(0, deadline - clock.now())), signal);
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
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
