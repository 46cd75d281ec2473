// No change without a record: a state dir that fills up (a 64 KiB tmpfs) stops
// the run with exit 4 naming the file and ENOSPC, and no command that changes a
// node is set off unrecorded; a --state-dir that cannot hold a journal at all
// (a file, an empty name) is a usage error (exit 2) before anything runs.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../journal/cli-child.js';
import type { AuditRecord } from '../../src/journal/records.js';
import { startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

/** The audit log's whole lines: the write that hit ENOSPC left a torn last one. */
async function auditLines(file: string): Promise<AuditRecord[]> {
  return (await readFile(file, 'utf8')).split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as AuditRecord];
    } catch {
      return [];
    }
  });
}

describe('the state dir', () => {
  let lab: Lab;
  let scratch: string;
  let mounted: string | undefined;
  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    scratch = await mkdtemp(path.join(tmpdir(), 'st-state-faults-'));
  }, 120_000);
  afterAll(async () => {
    if (mounted) execFileSync('umount', [mounted]);
    await lab?.down();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('full (a 64 KiB tmpfs): exit 4 naming the file and ENOSPC, every node-changing command recorded before it ran', async () => {
    const dir = path.join(scratch, 'tiny');
    await mkdir(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    mounted = dir;
    const run = startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', dir]);
    const exit = await run.exit;
    expect(exit.code, run.stderr()).toBe(4);
    const result = run.events.at(-1);
    expect(result).toMatchObject({ type: 'result', exitCode: 4 });
    expect(String(result?.message)).toMatch(new RegExp(`^cannot write the (journal|audit log) ${dir}/lab/(journal|audit)\\.jsonl: ENOSPC: .*; nothing more was changed$`));
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    // It stopped early: the cluster was not built on an unwritable record.
    expect(run.events.some((e) => e.type === 'step' && e.step === 'restart-all' && e.status === 'done')).toBe(false);

    // Every exec action shown as started has its "started" line in the audit log and its record in the journal.
    const audit = await auditLines(path.join(dir, 'lab', 'audit.jsonl'));
    const journal = await readFile(path.join(dir, 'lab', 'journal.jsonl'), 'utf8');
    const started = run.events.filter((e) => e.type === 'action' && e.status === 'started');
    // 64 KiB lasts into the build (about a dozen actions on a 3-node lab): the check below has cases.
    expect(started.length).toBeGreaterThan(0);
    // The one action whose own audit line could not be written ran no command (that is the point): it fails naming the record.
    const unrecorded = new Set(run.events.filter((e) => e.type === 'action' && e.status === 'failed' && /cannot write the (journal|audit log)/.test(String(e.error))).map((e) => e.id));
    for (const action of started) {
      expect(journal, String(action.id)).toContain(`"id":"${String(action.id)}","node":"${String(action.node)}","kind":"${String(action.kind)}"`);
      if (action.kind !== 'exec' || unrecorded.has(action.id)) continue;
      const argv = JSON.stringify((action.detail as { argv: string[] }).argv);
      expect(audit.some((r) => r.phase === 'started' && r.node === action.node && JSON.stringify(r.argv) === argv), `${String(action.id)} in the audit log`).toBe(true);
    }
  }, 180_000);

  it.each([
    ['a file', (file: string) => file, /is not a directory/],
    ['empty', () => '', /--state-dir is empty/],
  ])('%s: exit 2 with a fix, no stack trace, nothing run', async (_what, arg, message) => {
    const file = path.join(scratch, 'not-a-dir');
    await writeFile(file, 'x');
    const run = startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', arg(file)]);
    const exit = await run.exit;
    expect(exit.code, run.stderr()).toBe(2);
    expect(String(run.events.at(-1)?.message)).toMatch(message);
    expect(run.stderr()).toMatch(/fix: .*--state-dir/);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(run.events.some((e) => e.type === 'step' || e.type === 'check')).toBe(false);
  });
});
