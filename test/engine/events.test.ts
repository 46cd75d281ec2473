import { describe, expect, it } from 'vitest';
import { EventBus, EventLog, outputOf, type RunEvent } from '../../src/engine/events.js';
import { Redactor, REDACTED } from '../../src/journal/redact.js';

describe('EventBus', () => {
  it('redacts every event once, before any sink sees it', () => {
    const redactor = new Redactor().add('Canary-bus');
    const sinks = [new EventLog(), new EventLog(), new EventLog()];
    const bus = new EventBus(redactor);
    for (const sink of sinks) bus.add(sink);
    const events: RunEvent[] = [
      { type: 'check', step: 'preflight', id: 'db.reachable', title: 't', node: null, status: 'fail', detail: 'postgres://st:Canary-bus@db/st refused', fix: 'check Canary-bus' },
      { type: 'action', step: 's', id: 's/n1/1', node: 'n1', kind: 'exec', summary: 'install', status: 'failed', error: 'exited 1', stderr: 'postgrePassword=Canary-bus', detail: { argv: ['x', 'Canary-bus'] } },
      { type: 'result', status: 'error', exitCode: 1, message: 'Internal error: Canary-bus' },
    ];
    for (const event of events) bus.emit(event);
    for (const sink of sinks) {
      expect(sink.events).toHaveLength(3);
      expect(JSON.stringify(sink.events)).not.toContain('Canary-bus');
      expect(JSON.stringify(sink.events)).toContain(REDACTED);
    }
    // One redacted copy is shared by every sink.
    expect(sinks[0]!.events[1]).toBe(sinks[1]!.events[1]);
  });

  it('masks URL passwords even before any secret is known', () => {
    const log = new EventLog();
    new EventBus(new Redactor()).add(log).emit({ type: 'result', status: 'error', exitCode: 1, message: 'cannot reach postgres://st:pw1234@db/st' });
    expect(log.events[0]).toMatchObject({ message: `cannot reach postgres://st:${REDACTED}@db/st` });
  });
});

describe('outputOf', () => {
  it('takes a failed command output from an error, and nothing from others', () => {
    expect(outputOf(Object.assign(new Error('x'), { output: { stdout: 'out', stderr: '' } }))).toEqual({ stdout: 'out' });
    expect(outputOf(new Error('x'))).toEqual({});
    expect(outputOf(null)).toEqual({});
    expect(outputOf(Object.assign(new Error('x'), { output: 'text' }))).toEqual({});
  });
});
