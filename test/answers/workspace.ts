// A real directory with real files and real modes for the answers tests: the
// licenses, secrets and keys that answers files refer to (no fs mocking).
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const corpusDir = fileURLToPath(new URL('./corpus', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));

export const goodEnv = { ST_DB_PASSWORD: 'Db-Pass_123', ST_ADMIN_PASSWORD: 'Admin#Pass!1' };

export interface Workspace {
  dir: string;
  cleanup(): Promise<void>;
}

export async function makeWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-answers-'));
  const file = async (relative: string, content: string, mode = 0o644): Promise<void> => {
    const target = path.join(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    // chmod after write: the umask must not decide the mode under test.
    await chmod(target, mode);
  };
  await file('licenses/filedrive.license', 'core license bytes\n');
  await file('licenses/st.license', 'features license bytes\n');
  await file('licenses/empty.license', '');
  await file('secrets/db-password', 'File-Db_Pass1\n', 0o600);
  await file('secrets/admin-password', 'File-Admin_Pass1\n', 0o600);
  await file('secrets/world-readable', 'Open-Pass_1\n', 0o644);
  await file('secrets/dollar', 'pa$$word-in-file\n', 0o600);
  await file('secrets/empty', '', 0o600);
  await mkdir(path.join(dir, 'secrets/a-directory'), { recursive: true });
  await file('ca.pem', '-----BEGIN CERTIFICATE-----\n');
  await file('keys/id_ed25519', 'not really a key\n', 0o600);
  await file('keys/known_hosts', 'st1 ssh-ed25519 AAAA\n');
  await file('adapters/my-adapter.js', 'export default {};\n');
  await mkdir(path.join(dir, 'lab/st1'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies every file of a directory into the workspace (so relative references resolve there). */
export async function copyInto(workspace: Workspace, from: string): Promise<string[]> {
  const names = (await readdir(from)).filter((name) => name.endsWith('.yaml'));
  await Promise.all(names.map((name) => copyFile(path.join(from, name), path.join(workspace.dir, name))));
  return names.sort();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the BUILT CLI (bin/st-cluster → dist) with a clean environment plus `env`. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin/st-cluster'), ...args], { cwd: options.cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
