// Tri-state reads through a node adapter (README "could not look"): present,
// absent (the adapter is sure nothing is there) or unknown with its cause.
import type { FileStat, NodeAdapter } from '../adapters/types.js';
import { isNotFound } from '../adapters/types.js';
import { CouldNotLookError } from '../engine/errors.js';
import { causeOf, type Probe } from './result.js';

const unknown = (adapter: NodeAdapter, error: unknown): Probe<never> => ({ state: 'unknown', cause: causeOf(error, adapter.node) });

export async function probeRead(adapter: NodeAdapter, path: string): Promise<Probe<string>> {
  try {
    return { state: 'present', value: new TextDecoder().decode(await adapter.readFile(path)) };
  } catch (error) {
    return isNotFound(error) ? { state: 'absent' } : unknown(adapter, error);
  }
}

/**
 * The last `lines` lines of a file, read on the node (tail -n): a log such as catalina.out
 * grows to hundreds of MB, which a poll must not copy over ssh every few seconds.
 */
export async function probeTail(adapter: NodeAdapter, path: string, lines: number): Promise<Probe<string>> {
  const stat = await probeStat(adapter, path);
  if (stat.state !== 'present') return stat;
  try {
    const result = await adapter.exec(['tail', '-n', String(lines), '--', path], { kind: 'read' });
    if (result.exitCode === 0) return { state: 'present', value: result.stdout };
    return { state: 'unknown', cause: `tail -n ${lines} ${path} exited ${result.exitCode}: ${result.stderr.trim()}` };
  } catch (error) {
    return unknown(adapter, error);
  }
}

export async function probeStat(adapter: NodeAdapter, path: string): Promise<Probe<FileStat>> {
  try {
    const stat = await adapter.stat(path);
    return stat.exists ? { state: 'present', value: stat } : { state: 'absent' };
  } catch (error) {
    return unknown(adapter, error);
  }
}

export async function probeSha256(adapter: NodeAdapter, path: string): Promise<Probe<string>> {
  try {
    const sha = await adapter.sha256(path);
    return sha === null ? { state: 'absent' } : { state: 'present', value: sha };
  } catch (error) {
    return unknown(adapter, error);
  }
}

/** For callers that need a plain answer: unknown becomes a CouldNotLookError (a check turns it into "could not look"). */
export function known<T>(node: string, what: string, probe: Probe<T>): T | null {
  if (probe.state === 'unknown') throw new CouldNotLookError(node, what, probe.cause);
  return probe.state === 'present' ? probe.value : null;
}
