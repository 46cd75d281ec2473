// Restarts the lab's own PostgreSQL (pg_ctl restart, as its OS user) for the tests
// that prove a run notices its lock session dying with the server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import type { OwnPg } from '../../src/lab/types.js';

/** pg_ctl restart with the server's output to its log (an inherited pipe would never close). */
export async function restartPg(own: OwnPg): Promise<void> {
  const pgCtl = [path.join(own.binDir, 'pg_ctl'), 'restart', '-D', own.dataDir, '-m', 'fast', '-w', '-t', '60', '-l', path.join(path.dirname(own.dataDir), 'restart.log')];
  const argv = own.runAs ? ['runuser', '-u', own.runAs, '--', ...pgCtl] : pgCtl;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  expect(code).toBe(0);
}
