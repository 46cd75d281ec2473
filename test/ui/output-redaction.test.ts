// What reaches the screen: the human reporter's pointer to the full output, and
// the CLI's failure lines on stderr masked by the run's redactor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportFailure, writeStderr } from '../../src/cli/outcome.js';
import { DbError } from '../../src/db/types.js';
import { EventBus } from '../../src/engine/events.js';
import { StepFailedError } from '../../src/engine/errors.js';
import { Redactor, REDACTED, runRedactor } from '../../src/journal/redact.js';
import { HumanReporter } from '../../src/ui/human.js';
import { NdjsonReporter } from '../../src/ui/ndjson.js';

function captureStderr(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('stderr of a failed command', () => {
  it('masks the password of a connection string an error message embeds, known or not', () => {
    const stderr = captureStderr();
    const result = reportFailure(new Error('pool: connect postgres://st:NotKnown99@db:5432/st ECONNREFUSED'), '', new Redactor());
    expect(result.message).toBe(`Internal error: pool: connect postgres://st:${REDACTED}@db:5432/st ECONNREFUSED`);
    new HumanReporter({ write: () => undefined }).emit(result);
    expect(stderr.text()).toContain(`postgres://st:${REDACTED}@db:5432/st`);
    expect(stderr.text()).not.toContain('NotKnown99');
  });

  it('masks a secret the resolver registered, in the failure lines and the fix', () => {
    runRedactor.add('Canary-outcome-7');
    const stderr = captureStderr();
    const error = new StepFailedError('install-first', 'node1: install failed', [{ id: 'install-first/node1/1', node: 'node1', detail: 'setup.sh exited 1: postgrePassword is Canary-outcome-7', fix: 'not Canary-outcome-7' }]);
    const result = reportFailure(error);
    const db = reportFailure(new DbError('auth', 'password Canary-outcome-7 refused', 'fix Canary-outcome-7'));
    const stdout: string[] = [];
    new HumanReporter({ write: (t) => stdout.push(t) }).emit(result);
    new NdjsonReporter((t) => stdout.push(t)).emit(db);
    writeStderr('a warning with Canary-outcome-7');
    expect(stdout.join('')).not.toContain('Canary-outcome-7');
    expect(stderr.text() + JSON.stringify([result, db])).not.toContain('Canary-outcome-7');
    expect(stderr.text()).toContain(`postgrePassword is ${REDACTED}`);
    // The message first, then its failed checks and fixes, all on stderr.
    expect(stderr.text().indexOf('node1: install failed')).toBeLessThan(stderr.text().indexOf(`postgrePassword is ${REDACTED}`));
  });
});

describe('reporters behind the bus', () => {
  const failed = {
    type: 'action',
    step: 'install-first',
    id: 'install-first/node1/1',
    node: 'node1',
    kind: 'exec',
    summary: 'install SecureTransport',
    status: 'failed',
    error: 'setup.sh exited 1: postgrePassword=Canary-rep',
    stderr: 'Installation failed\n  postgrePassword=Canary-rep\n',
  } as const;

  it('the human reporter shows the error and where the full output is; nothing of the secret', () => {
    const lines: string[] = [];
    const bus = new EventBus(new Redactor().add('Canary-rep')).add(new HumanReporter({ write: (t) => lines.push(t) }));
    bus.emit({ type: 'run', runId: 'r', command: 'setup', cluster: 'lab', nodes: ['node1'], dryRun: false, journal: '/state/lab/journal.jsonl' });
    bus.emit(failed);
    const text = lines.join('');
    expect(text).toContain(`install SecureTransport: setup.sh exited 1: postgrePassword=${REDACTED}`);
    expect(text).toContain('its full stderr: action install-first/node1/1 in the journal /state/lab/journal.jsonl');
    expect(text).not.toContain('Canary-rep');
  });

  it('NDJSON carries the redacted full output', () => {
    const lines: string[] = [];
    new EventBus(new Redactor().add('Canary-rep')).add(new NdjsonReporter((l) => lines.push(l))).emit(failed);
    const event = JSON.parse(lines[0]!) as { stderr: string };
    expect(event.stderr).toBe(`Installation failed\n  postgrePassword=${REDACTED}\n`);
  });
});
