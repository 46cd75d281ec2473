// Waiting is polling with a deadline (issue: "never a fixed sleep"): fast
// first looks for a quick lab, backing off to twice a second. Slower polling would
// overshoot: a service ready just after a look is seen up to one interval late,
// on every node and every wait (bench row 4).
import { InterruptedError } from './errors.js';
import type { Clock } from './types.js';

const MAX_INTERVAL_MS = 500;

/** One look of a probe that can say why it is not there yet. */
export interface PollLook {
  done: boolean;
  detail?: string;
}

export type PollOutcome = { done: true } | { done: false; /** The last look's error or detail, for the timeout message. */ last: string | null };

/** An error that waiting cannot cure (e.g. HTTP 401): it ends the poll at once. */
const isFatal = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true;

export async function pollFor(clock: Clock, probe: () => Promise<boolean | PollLook>, timeoutMs: number, signal?: AbortSignal): Promise<PollOutcome> {
  const deadline = clock.now() + timeoutMs;
  let interval = 25;
  let last: string | null;
  for (;;) {
    if (signal?.aborted) throw new InterruptedError();
    try {
      const look = await probe();
      const done = typeof look === 'boolean' ? look : look.done;
      if (done) return { done: true };
      last = typeof look === 'boolean' ? null : (look.detail ?? null);
    } catch (error) {
      if (isFatal(error) || error instanceof InterruptedError) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    if (clock.now() >= deadline) return { done: false, last };
    await clock.sleep(Math.min(interval, Math.max(0, deadline - clock.now())), signal);
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
  }
}

/** pollFor as a yes/no; a fatal probe error still rejects. */
export async function pollUntil(clock: Clock, probe: () => Promise<boolean>, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return (await pollFor(clock, probe, timeoutMs, signal)).done;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new InterruptedError());
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new InterruptedError());
      };
      // The listener goes with the timer: a run polls thousands of times on one signal.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
