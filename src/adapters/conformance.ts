// The suite every adapter passes: built-in ones in test/adapters, plugins via
// "st-cluster adapter test MODULE" or their own tests
// (import { runConformance } from 'st-cluster/adapter-conformance').
import { randomBytes } from 'node:crypto';
import { cases, check } from './conformance-cases.js';
import type { AdapterContext, AdapterFactory, NodeAdapter } from './types.js';

export interface ConformanceOptions {
  /** Context for a factory (default: node "conformance" at 127.0.0.1, no settings, baseDir = cwd). */
  context?: AdapterContext;
  /** Node directory for the file cases; created and removed (default /tmp/st-cluster-conformance-<random>). */
  scratchDir?: string;
  /** Run only cases whose name includes one of these. */
  only?: readonly string[];
}

export interface ConformanceResult {
  name: string;
  ok: boolean;
  /** Why it failed ("" when it passed). */
  detail: string;
  durationMs: number;
}

export const CLOSE_CASE = 'close: idempotent (twice resolves)';
export const conformanceCaseNames: readonly string[] = [...cases.map((c) => c.name), CLOSE_CASE];

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function timed(name: string, fn: () => Promise<void>): Promise<ConformanceResult> {
  const started = performance.now();
  try {
    await fn();
    return { name, ok: true, detail: '', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, ok: false, detail: message(error), durationMs: Math.round(performance.now() - started) };
  }
}

/** Runs every case against an adapter (or one made by the factory) and closes it; never throws for a failing case. */
export async function runConformance(subject: AdapterFactory | NodeAdapter, options: ConformanceOptions = {}): Promise<ConformanceResult[]> {
  const context: AdapterContext = options.context ?? { node: { name: 'conformance', address: '127.0.0.1', settings: {} }, baseDir: process.cwd() };
  let adapter: NodeAdapter;
  try {
    adapter = typeof subject === 'function' ? await subject(context) : subject;
  } catch (error) {
    return [{ name: 'factory: creates an adapter', ok: false, detail: message(error), durationMs: 0 }];
  }
  const dir = options.scratchDir ?? `/tmp/st-cluster-conformance-${randomBytes(4).toString('hex')}`;
  const selected = cases.filter((c) => !options.only || options.only.some((o) => c.name.includes(o)));
  const results: ConformanceResult[] = [];
  const shape = await timed('shape: kind, node and every operation', () => {
    const missing = (['exec', 'readFile', 'writeFile', 'remove', 'stat', 'sha256', 'close'] as const).filter((m) => typeof adapter[m] !== 'function');
    check(missing.length === 0, `missing operations: ${missing.join(', ')}`);
    check(typeof adapter.kind === 'string' && adapter.kind !== '', 'kind is a non-empty string', adapter.kind);
    check(typeof adapter.node === 'string', 'node is a string', adapter.node);
    return Promise.resolve();
  });
  results.push(shape);
  if (shape.ok) {
    for (const c of selected) results.push(await timed(c.name, () => c.run({ adapter, dir })));
    // Removed through cwd so adapters that map only paths they are given still find it.
    const parent = dir.slice(0, dir.lastIndexOf('/')) || '/';
    await adapter.exec(['rm', '-rf', '--', dir.slice(dir.lastIndexOf('/') + 1)], { kind: 'write', cwd: parent }).catch(() => undefined);
  }
  if (!options.only || options.only.some((o) => CLOSE_CASE.includes(o))) {
    results.push(
      await timed(CLOSE_CASE, async () => {
        await adapter.close();
        await adapter.close();
      }),
    );
  } else {
    await adapter.close();
  }
  return results;
}

/** A fixed-width pass/fail table for terminals. */
export function formatConformance(results: readonly ConformanceResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(width)}  ${String(r.durationMs).padStart(6)} ms${r.ok ? '' : `\n      ${r.detail}`}`);
  const failed = results.filter((r) => !r.ok).length;
  lines.push('', `${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}
