// Waiting is polling with a deadline, never a fixed sleep: Admin readiness and
// "process gone" take seconds in the lab and minutes on a loaded server.

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  clock?: WaitClock;
}

export const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Calls `probe` until it answers true (→ true) or `timeoutMs` has passed (→ false).
 * The probe runs at least once and once more at the deadline; a probe that throws
 * counts as "not yet", since a service coming up refuses connections for a while.
 */
export async function waitFor(probe: () => Promise<boolean>, options: WaitOptions): Promise<boolean> {
  const clock = options.clock ?? realClock;
  const interval = Math.max(1, options.intervalMs);
  const deadline = clock.now() + Math.max(0, options.timeoutMs);
  for (;;) {
    if (await probe().catch(() => false)) return true;
    const left = deadline - clock.now();
    if (left <= 0) return false;
    await clock.sleep(Math.min(interval, left));
  }
}
