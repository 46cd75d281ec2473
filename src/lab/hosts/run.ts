// Synchronous system commands for the hosts lab (ip, useradd, mount…): each
// failure says which command failed and what it printed.
import { spawnSync } from 'node:child_process';

export interface RunResult {
  ok: boolean;
  out: string;
}

export function run(command: string, args: string[], input?: string): RunResult {
  const result = spawnSync(command, args, { encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
}

/** Runs the command or throws naming it, what it printed, and why the lab needed it. */
export function must(command: string, args: string[], why: string): string {
  const result = run(command, args);
  if (!result.ok) throw new Error(`${why}: "${[command, ...args].join(' ')}" failed: ${result.out || 'no output'}`);
  return result.out;
}
