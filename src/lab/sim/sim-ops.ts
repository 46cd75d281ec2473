// Every simulated duration (lab up --install-delay-ms, --start-delay-ms,
// --stop-delay-ms, --latency-ms) leaves one line in the node's
// R/.lab/sim-ops.ndjson: what it stood for, its nominal length and when it ran
// (epoch ms). `npm run bench` reads these to compute the critical path of a run
// (bench/lib/critical-path.mjs); a lab without delays writes nothing. Like R/.lab/pids
// it is the lab's bookkeeping, not the node's state: a dry run's reads append too.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export type SimOpKind = 'install' | 'start' | 'stop' | 'latency';

export interface SimOp {
  kind: SimOpKind;
  /** What was simulated: a service name, "install", or the adapter operation. */
  what: string;
  ms: number;
  start: number;
  end: number;
}

export const simOpsFile = (root: string): string => path.join(root, '.lab', 'sim-ops.ndjson');

export function recordSimOp(root: string, op: SimOp): void {
  mkdirSync(path.dirname(simOpsFile(root)), { recursive: true });
  appendFileSync(simOpsFile(root), `${JSON.stringify(op)}\n`);
}

/** Waits ms (nothing when 0) and records it as one simulated operation of the node at root. */
export async function simulate(root: string, kind: SimOpKind, what: string, ms: number): Promise<void> {
  if (ms <= 0) return;
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  recordSimOp(root, { kind, what, ms, start, end: Date.now() });
}
