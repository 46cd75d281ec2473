// JUnit output as CI systems read it: well-formed XML (parsed by a real browser's
// XML parser), testsuites > testsuite > testcase, at most one of failure |
// error | skipped per case, accepted risks as properties, counts that add up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunEvent } from '../../src/engine/events.js';
import { JunitSink } from '../../src/ui/junit.js';
import { launchChromium } from '../support/browser.js';

interface Shape {
  error: string | null;
  root: string;
  totals: Record<string, number>;
  suites: { name: string; attrs: Record<string, number>; cases: { name: string; classname: string; outcomes: string[]; props: Record<string, string>; message: string | null }[] }[];
}

// Runs in the browser (its own XML parser, not ours); a string, since this project has no DOM types.
const BROWSER_PARSE = `(source) => {
  const doc = new DOMParser().parseFromString(source, 'application/xml');
  const error = doc.querySelector('parsererror')?.textContent ?? null;
  const keys = ['tests', 'failures', 'errors', 'skipped'];
  const num = (el) => Object.fromEntries(keys.map((k) => [k, Number(el.getAttribute(k))]));
  const root = doc.documentElement;
  return {
    error,
    root: root.tagName,
    totals: num(root),
    suites: [...root.children].map((s) => ({
      name: s.getAttribute('name') ?? '',
      attrs: num(s),
      cases: [...s.querySelectorAll(':scope > testcase')].map((c) => ({
        name: c.getAttribute('name') ?? '',
        classname: c.getAttribute('classname') ?? '',
        outcomes: [...c.children].map((k) => k.tagName).filter((t) => ['failure', 'error', 'skipped'].includes(t)),
        props: Object.fromEntries([...c.querySelectorAll('properties > property')].map((p) => [p.getAttribute('name'), p.getAttribute('value')])),
        message: c.querySelector('failure, error, skipped')?.getAttribute('message') ?? null,
      })),
    })),
  };
}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function parse(text: string): Promise<Shape> {
  const page = await browser.newPage();
  try {
    return await page.evaluate<Shape>(`(${BROWSER_PARSE})(${JSON.stringify(text)})`);
  } finally {
    await page.close();
  }
}

const check = (step: string, id: string, node: string | null, status: 'pass' | 'fail' | 'warn' | 'skip', extra: Partial<Extract<RunEvent, { type: 'check' }>> = {}): RunEvent => ({ type: 'check', step, id, title: id, node, status, detail: `${id} on ${node ?? 'cluster'} <&> "quoted"`, ...extra });

function expectConsistent(shape: Shape): void {
  expect(shape.error).toBeNull();
  expect(shape.root).toBe('testsuites');
  const sum = (k: string): number => shape.suites.reduce((n, s) => n + s.attrs[k]!, 0);
  for (const k of ['tests', 'failures', 'errors', 'skipped']) expect(shape.totals[k], k).toBe(sum(k));
  for (const suite of shape.suites) {
    expect(suite.attrs.tests).toBe(suite.cases.length);
    expect(suite.attrs.failures).toBe(suite.cases.filter((c) => c.outcomes[0] === 'failure').length);
    expect(suite.attrs.skipped).toBe(suite.cases.filter((c) => c.outcomes[0] === 'skipped').length);
    for (const c of suite.cases) {
      expect(c.outcomes.length).toBeLessThanOrEqual(1);
      expect(c.name).not.toBe('');
      expect(c.classname).toMatch(/^st-cluster\./);
    }
  }
}

describe('preflight --junit', () => {
  it('writes every check as a test case: failed, skipped with reason, accepted risk as a property', async () => {
    const sink = new JunitSink();
    const events: RunEvent[] = [
      { type: 'run', runId: 'r1', command: 'preflight', cluster: 'prod', nodes: ['node1', 'node2'], dryRun: true },
      { type: 'step', step: 'prepare', number: 1, title: 'Prepare', status: 'started' },
      check('prepare', 'node.reachable', 'node1', 'pass'),
      check('prepare', 'node.reachable', 'node2', 'fail', { fix: 'start sshd' }),
      check('prepare', 'node.clock-skew', 'node2', 'skip', { detail: 'not checked: node2 is not reachable' }),
      check('prepare', 'db.max-connections', null, 'warn', { acceptedRisk: 'lab database, 100 is plenty' }),
      { type: 'step', step: 'prepare', number: 1, title: 'Prepare', status: 'failed' },
      { type: 'result', status: 'preflight-failed', exitCode: 3, message: 'preflight failed' },
    ];
    for (const e of events) sink.emit(e);
    const shape = await parse(sink.render());
    expectConsistent(shape);
    expect(shape.totals).toEqual({ tests: 4, failures: 1, errors: 0, skipped: 1 });
    const cases = shape.suites[0]!.cases;
    expect(cases.map((c) => c.name)).toEqual(['node.reachable @ node1', 'node.reachable @ node2', 'node.clock-skew @ node2', 'db.max-connections']);
    expect(cases[1]).toMatchObject({ outcomes: ['failure'], message: 'node.reachable on node2 <&> "quoted"' });
    expect(cases[2]).toMatchObject({ outcomes: ['skipped'], message: 'not checked: node2 is not reachable' });
    expect(cases[3]!.props).toMatchObject({ acceptedRisk: 'lab database, 100 is plenty', status: 'warn' });
  });

  it('reports a run that ended before any check (bad answers) as one error, not an empty green report', async () => {
    const sink = new JunitSink();
    sink.emit({ type: 'result', status: 'error', exitCode: 2, message: 'The answers file is not valid' });
    const shape = await parse(sink.render());
    expectConsistent(shape);
    expect(shape.totals).toEqual({ tests: 1, failures: 0, errors: 1, skipped: 0 });
    expect(shape.suites[0]!.cases[0]!.outcomes).toEqual(['error']);
  });

  it('keeps XML well-formed whatever a node printed (control characters)', async () => {
    const sink = new JunitSink();
    sink.emit(check('prepare', 'node.reachable', 'node1', 'fail', { detail: 'ssh said \u0001\u001b[31mred\u001b[0m & left' }));
    const shape = await parse(sink.render());
    expect(shape.error).toBeNull();
    expect(shape.suites[0]!.cases[0]!.message).toContain('& left');
  });
});
