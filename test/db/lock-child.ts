// Builds a runnable copy of src/db for a child process: the child must be a
// separate OS process (so SIGKILL really kills the lock's connection), and
// plain node cannot load .ts, so the sources are transpiled with TypeScript.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const srcDb = path.resolve(import.meta.dirname, '../../src/db');

export async function buildLockChild(): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'st-lock-child-'));
  const pgUrl = import.meta.resolve('pg');
  for (const file of (await readdir(srcDb)).filter((f) => f.endsWith('.ts'))) {
    const source = await readFile(path.join(srcDb, file), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } }).outputText;
    await writeFile(path.join(out, file.replace(/\.ts$/, '.js')), js.replace(/from 'pg'/g, `from '${pgUrl}'`));
  }
  const main = `
import { acquireRunLock } from './run-lock.js';
const { settings, cluster, holder } = JSON.parse(process.env.LOCK_CHILD_INPUT);
const result = await acquireRunLock(settings, cluster, { ...holder, pid: process.pid });
process.stdout.write(('release' in result ? 'LOCKED' : 'HELD') + '\\n');
setInterval(() => undefined, 60_000);
`;
  await writeFile(path.join(out, 'child.mjs'), main);
  return path.join(out, 'child.mjs');
}
