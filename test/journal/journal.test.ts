// The journal on disk: records as they are written, read back into runs, and
// what a crash leaves behind (a torn last line) never costs more than that line.
import { appendFile, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inFlight, parseJournal, readJournal, stoppedIn } from '../../src/journal/journal-reader.js';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { Redactor, REDACTED } from '../../src/journal/redact.js';
import { header } from './fixtures.js';

const tmp = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'st-journal-'));

describe('JournalWriter and readJournal', () => {
  it('writes a header and every event as one JSON line each, and reads them back as a run', async () => {
    const file = path.join(await tmp(), 'c1', 'journal.jsonl');
    const writer = JournalWriter.open(file, header('r1'), new Redactor());
    writer.emit({ type: 'step', step: 'prepare', number: 1, title: 'Prepare', status: 'started' });
    writer.emit({ type: 'step', step: 'prepare', number: 1, title: 'Prepare', status: 'done' });
    writer.emit({ type: 'step', step: 'install-first', number: 2, title: 'Install', status: 'started' });
    writer.emit({ type: 'action', step: 'install-first', id: 'install-first/n1/1', node: 'n1', kind: 'exec', summary: 'install', status: 'started' });
    writer.emit({ type: 'action', step: 'install-first', id: 'install-first/n1/1', node: 'n1', kind: 'exec', summary: 'install', status: 'done' });
    writer.emit({ type: 'action', step: 'install-first', id: 'install-first/n1/2', node: 'n1', kind: 'wait', summary: 'wait', status: 'started' });
    writer.emit({ type: 'check', step: 'prepare', id: 'node.clock', title: 'clock', node: 'n2', status: 'warn', detail: 'skew', acceptedRisk: 'lab clock' });
    writer.close();

    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(JSON.parse(lines[0]!)).toMatchObject({ v: 1, type: 'header', runId: 'r1', fingerprint: 'f1', user: 'op' });
    expect(JSON.parse(lines[5]!)).toMatchObject({ v: 1, runId: 'r1', type: 'action', status: 'done' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);

    const { runs, skipped } = await readJournal(file);
    expect(skipped).toBe(0);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.header?.runId).toBe('r1');
    expect(run.result).toBeUndefined();
    expect(inFlight(run)).toEqual(['install-first/n1/2']);
    expect(stoppedIn(run)?.number).toBe(2);
    expect(run.steps.map((s) => `${s.number}:${s.status}`)).toEqual(['1:done', '2:started']);
    expect(run.acceptedRisks).toEqual([{ step: 'prepare', check: 'node.clock', node: 'n2', reason: 'lab clock' }]);
  });

  it('appends runs to the same file and keeps them apart by run id', async () => {
    const file = path.join(await tmp(), 'journal.jsonl');
    for (const id of ['r1', 'r2']) {
      const writer = JournalWriter.open(file, header(id), new Redactor());
      writer.emit({ type: 'result', status: 'ok', exitCode: 0 });
      writer.close();
    }
    const { runs } = await readJournal(file);
    expect(runs.map((r) => [r.runId, r.result?.status])).toEqual([['r1', 'ok'], ['r2', 'ok']]);
  });

  it('survives a record torn by a crash: the torn line is skipped and the next run starts on a line of its own', async () => {
    const file = path.join(await tmp(), 'journal.jsonl');
    const writer = JournalWriter.open(file, header('r1'), new Redactor());
    writer.emit({ type: 'step', step: 'prepare', number: 1, title: 'Prepare', status: 'started' });
    writer.close();
    await appendFile(file, '{"v":1,"runId":"r1","type":"action","sta');
    const next = JournalWriter.open(file, header('r2'), new Redactor());
    next.emit({ type: 'result', status: 'ok', exitCode: 0 });
    next.close();
    const { runs, skipped } = await readJournal(file);
    expect(skipped).toBe(1);
    expect(runs.map((r) => r.runId)).toEqual(['r1', 'r2']);
    expect(runs[1]?.header?.runId).toBe('r2');
  });

  it('masks a known secret wherever it would land in a record', async () => {
    const file = path.join(await tmp(), 'journal.jsonl');
    const writer = JournalWriter.open(file, header('r1', { answers: { note: 'pw=Canary-123' } }), new Redactor().add('Canary-123'));
    writer.emit({ type: 'action', step: 's', id: 's/n1/1', node: 'n1', kind: 'exec', summary: 'x', status: 'failed', error: 'setup.sh said Canary-123 is wrong' });
    writer.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Canary-123');
    expect(text).toContain(REDACTED);
  });

  it('reports no runs for an absent journal', async () => {
    expect(await readJournal(path.join(await tmp(), 'none.jsonl'))).toEqual({ runs: [], skipped: 0 });
    expect(parseJournal('\n\nnot json\n').skipped).toBe(1);
  });
});

describe('Redactor', () => {
  it('masks whole values and, for secrets of 4 characters or more, substrings; leaves other text alone', () => {
    const r = new Redactor().add('abc', 'longsecret', undefined);
    expect(r.text('abc')).toBe(REDACTED);
    expect(r.text('xabcx')).toBe('xabcx');
    expect(r.text('a longsecret here')).toBe(`a ${REDACTED} here`);
    expect(r.value({ argv: ['-p', 'longsecret'], n: 3, bytes: new Uint8Array(4) })).toEqual({ argv: ['-p', REDACTED], n: 3, bytes: '[4 bytes]' });
  });
});
