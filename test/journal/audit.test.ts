// The audit wrapper: every exec, write, remove and file read reaches the log
// with node, argv, exit code and duration; contents, stdin and env values never.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdapterError, type NodeAdapter } from '../../src/adapters/types.js';
import { RecordWriteError } from '../../src/engine/errors.js';
import { AuditLog, auditAdapter, type AuditEntry } from '../../src/journal/audit-adapter.js';
import { Redactor, REDACTED } from '../../src/journal/redact.js';

const SECRET = 'Canary-Audit-77';

function fakeAdapter(): NodeAdapter {
  return {
    kind: 'fake',
    node: 'n1',
    exec: (argv) => (argv[0] === 'boom' ? Promise.reject(new AdapterError('n1', 'timeout', `timed out running ${argv.join(' ')}`)) : Promise.resolve({ exitCode: argv[0] === 'false' ? 1 : 0, stdout: SECRET, stderr: '', durationMs: 1 })),
    readFile: () => Promise.resolve(new Uint8Array([1, 2, 3])),
    writeFile: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    stat: () => Promise.resolve({ exists: true }),
    sha256: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  };
}

describe('auditAdapter', () => {
  it('records each operation with its facts and nothing of the data', async () => {
    const entries: AuditEntry[] = [];
    const a = auditAdapter(fakeAdapter(), { record: (e) => entries.push(e) });
    await a.exec(['/opt/st/bin/start_admin'], { kind: 'write', cwd: '/opt/st', sudo: true, env: { PASS: SECRET }, stdin: SECRET });
    await a.exec(['false'], { kind: 'read' });
    await a.writeFile('/tmp/x.properties', `postgrePassword=${SECRET}`, { mode: 0o600 });
    await a.readFile('/opt/st/bin/taeh');
    await a.remove('/tmp/x.properties');
    await a.stat('/x');
    await expect(a.exec(['boom'])).rejects.toThrow('timed out');
    const started = { node: 'n1', adapter: 'fake', op: 'exec', kind: 'write', argv: ['/opt/st/bin/start_admin'], cwd: '/opt/st', sudo: true, envKeys: ['PASS'], stdinBytes: SECRET.length };
    expect(entries.map(({ durationMs, ...rest }) => (expect(durationMs).toBeGreaterThanOrEqual(0), rest))).toEqual([
      { ...started, phase: 'started' },
      { ...started, exitCode: 0 },
      { node: 'n1', adapter: 'fake', op: 'exec', kind: 'read', argv: ['false'], exitCode: 1 },
      { node: 'n1', adapter: 'fake', op: 'write', path: '/tmp/x.properties', size: 16 + SECRET.length, mode: 0o600 },
      { node: 'n1', adapter: 'fake', op: 'read', path: '/opt/st/bin/taeh', size: 3 },
      { node: 'n1', adapter: 'fake', op: 'remove', path: '/tmp/x.properties' },
      { node: 'n1', adapter: 'fake', op: 'exec', kind: 'write', argv: ['boom'], phase: 'started' },
      { node: 'n1', adapter: 'fake', op: 'exec', kind: 'write', argv: ['boom'], error: 'timed out running boom' },
    ]);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });

  it('writes JSON lines beside the journal and to --audit-log, masking any argv equal to a secret', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'st-audit-'));
    const files = [path.join(dir, 'c1', 'audit.jsonl'), path.join(dir, 'copy', 'audit.jsonl')];
    const log = new AuditLog(files, 'r1', new Redactor().add(SECRET));
    const a = auditAdapter(fakeAdapter(), log);
    await a.exec(['tool', '--password', SECRET, `--x=${SECRET}`]);
    log.close();
    for (const file of files) {
      const [, line] = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(line).toMatchObject({ v: 1, runId: 'r1', node: 'n1', op: 'exec', argv: ['tool', '--password', REDACTED, `--x=${REDACTED}`], exitCode: 0 });
      expect(typeof line!.at).toBe('string');
    }
  });

  it('a failed audit write is a RecordWriteError, never "absent": reads throw it, writes are not set off, removes still run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'st-audit-'));
    const file = path.join(dir, 'c1', 'audit.jsonl');
    const log = new AuditLog([file], 'r1', new Redactor());
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    (log as unknown as { files: { append(r: object): void; file: string }[] }).files[0]!.append = () => {
      throw full;
    };
    const ran: string[] = [];
    const inner = fakeAdapter();
    const spy: NodeAdapter = {
      ...inner,
      exec: (argv, o) => (ran.push(`exec ${argv[0]}`), inner.exec(argv, o)),
      writeFile: (p, d, o) => (ran.push(`write ${p}`), inner.writeFile(p, d, o)),
      remove: (p) => (ran.push(`remove ${p}`), inner.remove(p)),
    };
    const a = auditAdapter(spy, log);
    const read = await a.readFile('/opt/st/var/run/admin.pid').catch((e: unknown) => e);
    expect(read).toBeInstanceOf(RecordWriteError);
    expect(read).not.toBeInstanceOf(AdapterError);
    expect((read as NodeJS.ErrnoException).code).toBeUndefined();
    expect((read as Error).message).toBe(`cannot write the audit log ${file}: ENOSPC: no space left on device, write; nothing more was changed`);
    expect(log.error).toBe(read);
    await expect(a.exec(['ps'], { kind: 'read' })).rejects.toBe(read);
    await expect(a.exec(['/opt/st/bin/start_all'], { kind: 'write' })).rejects.toBe(read);
    await expect(a.writeFile('/tmp/x', 'y')).rejects.toBe(read);
    await expect(a.remove('/tmp/staged.properties')).rejects.toBe(read);
    expect(ran).toEqual(['exec ps', 'remove /tmp/staged.properties']);
    log.close();
  });
});
