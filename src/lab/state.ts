// lab.json: everything `lab down` and `lab status` need to find again.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabState } from './types.js';

export const stateFile = (dir: string): string => path.join(dir, 'lab.json');

export function readState(dir: string): LabState | null {
  const file = stateFile(dir);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as LabState;
}

export function writeState(state: LabState): void {
  const file = stateFile(state.dir);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

/** The package root: where package.json is, walking up from this module (src/ under vitest, dist/ when built). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the st-cluster package root');
    dir = parent;
  }
  return dir;
}

/** The compiled simulator entry that every node script execs. */
export function simEntry(): string {
  const entry = path.join(packageRoot(), 'dist', 'lab', 'sim', 'cli.js');
  if (!existsSync(entry)) throw new Error(`the lab simulator is not built (${entry} is missing): run "npm run build" first`);
  return entry;
}
