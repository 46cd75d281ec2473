// Test helpers for whole runs against the rehearsal lab and the built CLI.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';
import { labDown, labUp } from '../../src/lab/index.js';
import type { LabInfo, LabOptions } from '../../src/lab/types.js';

export const CLI = path.resolve(import.meta.dirname, '../../bin/st-cluster');

/** A loopback base no other lab of this run (or another engineer's) is likely to use. */
export function randomAddressBase(): string {
  const a = 20 + Math.floor(Math.random() * 230);
  const b = Math.floor(Math.random() * 250);
  return `127.${a}.${b}.10`;
}

export async function startLab(options: Partial<LabOptions> = {}): Promise<LabInfo & { down(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-lab-'));
  // Cluster "lab" by name: the tests read its journal at <state>/lab/.
  const info = await labUp({ dir: path.join(dir, 'lab'), nodes: 3, dbUrl: inject('pgUrl'), addressBase: randomAddressBase(), name: 'lab', ...options });
  return { ...info, down: async () => {
    await labDown(info.dir);
    await rm(dir, { recursive: true, force: true });
  } };
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  events: Record<string, unknown>[];
}

export async function runCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  // Every lab is cluster "lab": each answers file gets its own journal and lock, never the user's ~/.st-cluster.
  const answers = args.includes('--answers') ? args[args.indexOf('--answers') + 1] : undefined;
  const state = answers ? { ST_CLUSTER_STATE_DIR: path.join(path.dirname(answers), 'st-cluster-state') } : {};
  const result = await execa('node', [CLI, ...args], { reject: false, env: { NO_COLOR: '1', ...state, ...options.env }, timeout: options.timeoutMs ?? 120_000 });
  const events = args.includes('--json')
    ? result.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, events };
}

export const stepEvents = (run: CliRun): { step: string; number: number; status: string; reason?: string }[] =>
  run.events.filter((e) => e.type === 'step') as never;

export const failedChecks = (run: CliRun): { id: string; node: string | null; detail: string; fix?: string }[] =>
  run.events.filter((e) => e.type === 'check' && e.status === 'fail') as never;
