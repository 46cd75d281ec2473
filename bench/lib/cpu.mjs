// Machine-wide CPU busy share over an interval, from /proc/stat (Linux).
import { readFileSync } from 'node:fs';

function snapshot() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { idle, total };
  } catch {
    return null;
  }
}

/** Call start() before and the returned stop() after: share of all CPUs busy (0..1), or null off Linux. */
export function cpuMeter() {
  const a = snapshot();
  return () => {
    const b = snapshot();
    if (!a || !b || b.total === a.total) return null;
    return 1 - (b.idle - a.idle) / (b.total - a.total);
  };
}
