import { createHash } from 'node:crypto';
import type { NodeAdapter } from './types.js';

export interface CaseContext {
  adapter: NodeAdapter;
  /** A node directory the suite may fill and remove. */
  dir: string;
}
export interface ConformanceCase {
  name: string;
  run(ctx: CaseContext): Promise<void>;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);
const reasonOf = (error: unknown): unknown => (error as { reason?: unknown } | undefined)?.reason;
const describe = (value: unknown): string => (value instanceof Error ? `${value.message} (reason ${String(reasonOf(value))})` : `resolved ${JSON.stringify(value)}`);

export function check(ok: boolean, what: string, got?: unknown): void {
  if (!ok) throw new Error(got === undefined ? what : `${what}; got ${JSON.stringify(got)}`);
}

export const TRICKY = ['', ' ', 'a b', "it's", '"dq"', '$HOME', '`id`', '$(id)', 'a\nb', 'x\n', '*', '-n', '--', ';rm -rf x', '\\', 'ünïcødé ✓ 漢字', '\t', '!', '~', '=x', "'", "''"];

export const cases: readonly ConformanceCase[] = [
  { name: 'exec: argv survives unchanged (quotes, $, backticks, newlines, non-ASCII)', async run({ adapter }) {
    for (const s of TRICKY) {
      const r = await adapter.exec(['printf', '%s', s], { kind: 'read' });
      check(r.exitCode === 0 && r.stdout === s, `printf %s ${JSON.stringify(s)}`, r.stdout);
    }
    const count = await adapter.exec(['sh', '-c', 'printf "%s|" "$#" "$2"', 'sh', 'a', '', 'b c'], { kind: 'read' });
    check(count.stdout === '3||', 'argument count with an empty argument', count.stdout);
  } },
  { name: 'exec: exit codes and separate stderr', async run({ adapter }) {
    check((await adapter.exec(['true'], { kind: 'read' })).exitCode === 0, 'true exits 0');
    const r = await adapter.exec(['sh', '-c', 'echo out; echo err >&2; exit 3'], { kind: 'read' });
    check(r.exitCode === 3 && r.stdout === 'out\n' && r.stderr.includes('err') && !r.stdout.includes('err'), 'exit 3 with stdout/stderr apart', r);
    check(typeof r.durationMs === 'number' && r.durationMs >= 0, 'durationMs is a number', r.durationMs);
  } },
  { name: 'exec: a missing command is exit 127, not an error', async run({ adapter }) {
    const r = await adapter.exec(['st-cluster-no-such-command'], { kind: 'read' });
    check(r.exitCode === 127, 'exit 127', r.exitCode);
  } },
  { name: 'exec: stdin (text and bytes), none means empty', async run({ adapter }) {
    const r = await adapter.exec(['cat'], { kind: 'read', stdin: "s3cr'et $x\nline2" });
    check(r.stdout === "s3cr'et $x\nline2", 'cat echoes stdin', r.stdout);
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    const w = await adapter.exec(['wc', '-c'], { kind: 'read', stdin: bytes });
    check(w.stdout.trim() === '100000', 'wc -c counts 100000 bytes', w.stdout);
    const none = await adapter.exec(['cat'], { kind: 'read', timeoutMs: 10_000 });
    check(none.exitCode === 0 && none.stdout === '', 'cat without stdin ends at once', none);
  } },
  { name: 'exec: env and cwd', async run({ adapter, dir }) {
    const r = await adapter.exec(['sh', '-c', 'printf %s "$ST_CONFORMANCE"'], { kind: 'read', env: { ST_CONFORMANCE: "va l'ue $x" } });
    check(r.stdout === "va l'ue $x", 'env value arrives', r.stdout);
    await adapter.writeFile(`${dir}/cwd.txt`, 'here');
    const c = await adapter.exec(['cat', 'cwd.txt'], { kind: 'read', cwd: dir });
    check(c.stdout === 'here', 'relative path resolves in cwd', c);
  } },
  { name: 'exec: timeout kills and rejects with reason "timeout"', async run({ adapter }) {
    const started = Date.now();
    const error = await adapter.exec(['sleep', '30'], { kind: 'read', timeoutMs: 500 }).then(() => undefined, (e: unknown) => e);
    check((error as { reason?: string } | undefined)?.reason === 'timeout', 'rejects with reason timeout', (error as Error | undefined)?.message);
    check(Date.now() - started < 10_000, 'returns within 10 s', Date.now() - started);
  } },
  { name: 'exec: concurrent commands stay apart', async run({ adapter }) {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => adapter.exec(['sh', '-c', `sleep 0.1; echo ${i}`], { kind: 'read' })));
    check(results.every((r, i) => r.stdout === `${i}\n`), 'each command sees its own output', results.map((r) => r.stdout));
  } },
  { name: 'files: write/read round trip (text and binary), parents created', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/a/b/c.txt`, 'hello\n');
    check(text(await adapter.readFile(`${dir}/a/b/c.txt`)) === 'hello\n', 'text round trip');
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    await adapter.writeFile(`${dir}/bin.dat`, bytes);
    const back = await adapter.readFile(`${dir}/bin.dat`);
    check(back.length === bytes.length && sha(back) === sha(bytes), 'binary round trip', back.length);
  } },
  { name: 'files: overwrite replaces the whole content', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/over.txt`, 'a long first version\n');
    await adapter.writeFile(`${dir}/over.txt`, 'short');
    check(text(await adapter.readFile(`${dir}/over.txt`)) === 'short', 'no tail of the old content');
  } },
  { name: 'files: mode honoured (0600, 0640, and when replacing a 0644 file)', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/secret`, 'x', { mode: 0o600 });
    check((await adapter.stat(`${dir}/secret`)).mode === 0o600, 'mode 0600', (await adapter.stat(`${dir}/secret`)).mode?.toString(8));
    await adapter.writeFile(`${dir}/group`, 'x', { mode: 0o640 });
    check((await adapter.stat(`${dir}/group`)).mode === 0o640, 'mode 0640', (await adapter.stat(`${dir}/group`)).mode?.toString(8));
    await adapter.writeFile(`${dir}/was-open`, 'x', { mode: 0o644 });
    await adapter.writeFile(`${dir}/was-open`, 'y', { mode: 0o600 });
    check((await adapter.stat(`${dir}/was-open`)).mode === 0o600, '0644 file replaced as 0600', (await adapter.stat(`${dir}/was-open`)).mode?.toString(8));
  } },
  { name: 'files: stat of file, directory and missing path', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/s.txt`, '12345');
    const f = await adapter.stat(`${dir}/s.txt`);
    check(f.exists && f.type === 'file' && f.size === 5, 'file of 5 bytes', f);
    const d = await adapter.stat(dir);
    check(d.exists && d.type === 'dir', 'directory', d);
    const m = await adapter.stat(`${dir}/missing`);
    check(!m.exists, 'missing', m);
  } },
  { name: 'files: sha256 matches, null when missing', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/h.txt`, 'checksum me');
    const got = await adapter.sha256(`${dir}/h.txt`);
    check(got === sha('checksum me'), 'sha256 of content', got);
    check((await adapter.sha256(`${dir}/none`)) === null, 'null for a missing file');
  } },
  { name: 'files: reading a missing file rejects with reason "not-found"', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/plain`, 'x');
    for (const missing of [`${dir}/missing`, `${dir}/no-dir/missing`, `${dir}/plain/under-a-file`]) {
      const error = await rejection(adapter.readFile(missing));
      check(error instanceof Error && reasonOf(error) === 'not-found', `readFile ${missing} rejects with reason not-found`, describe(error));
    }
    check((await adapter.stat(`${dir}/plain/under-a-file`)).exists === false, 'stat under a file (ENOTDIR) is absent');
    check((await adapter.sha256(`${dir}/plain/under-a-file`)) === null, 'sha256 under a file (ENOTDIR) is null');
  } },
  { name: 'files: a path that exists but cannot be read is an error, never absent', async run({ adapter, dir }) {
    // A directory read as a file (EISDIR) exists: "absent" here would let a probe pass on a node it could not read.
    await adapter.writeFile(`${dir}/d/inside`, 'x');
    const read = await rejection(adapter.readFile(`${dir}/d`));
    check(read instanceof Error && reasonOf(read) !== 'not-found', 'readFile of a directory rejects, not as not-found', describe(read));
    const hash = await rejection(adapter.sha256(`${dir}/d`));
    check(hash instanceof Error, 'sha256 of a directory rejects (not null)', describe(hash));
    // Permission: only meaningful for an account that permissions bind (not root).
    const uid = (await adapter.exec(['id', '-u'], { kind: 'read' })).stdout.trim();
    if (uid === '0') return;
    await adapter.exec(['chmod', '000', 'd'], { kind: 'write', cwd: dir });
    try {
      const denied = await rejection(adapter.readFile(`${dir}/d/inside`));
      check(denied instanceof Error && reasonOf(denied) !== 'not-found', 'readFile under an unsearchable directory rejects, not as not-found', describe(denied));
      const st = await rejection(adapter.stat(`${dir}/d/inside`));
      check(st instanceof Error, 'stat under an unsearchable directory rejects (not exists: false)', describe(st));
      const sh = await rejection(adapter.sha256(`${dir}/d/inside`));
      check(sh instanceof Error, 'sha256 under an unsearchable directory rejects (not null)', describe(sh));
    } finally {
      await adapter.exec(['chmod', '755', 'd'], { kind: 'write', cwd: dir });
    }
  } },
  { name: 'files: remove deletes, absent is fine', async run({ adapter, dir }) {
    await adapter.writeFile(`${dir}/gone`, 'x');
    await adapter.remove(`${dir}/gone`);
    check(!(await adapter.stat(`${dir}/gone`)).exists, 'file removed');
    await adapter.remove(`${dir}/gone`);
  } },
  { name: 'files: atomic write leaves no temp files', async run({ adapter, dir }) {
    await Promise.all(Array.from({ length: 5 }, (_, i) => adapter.writeFile(`${dir}/atomic/f${i}`, `v${i}`, { mode: 0o600 })));
    await adapter.writeFile(`${dir}/atomic/f0`, 'again');
    const ls = await adapter.exec(['ls', '-A'], { kind: 'read', cwd: `${dir}/atomic` });
    check(ls.stdout.split('\n').filter(Boolean).sort().join(',') === 'f0,f1,f2,f3,f4', 'only the written files', ls.stdout);
  } },
];
