// The failed-check menu and step 7 by hand, driven in-process on a fake terminal.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it, vi } from 'vitest';
import type { FailedCheckView, StepInRun } from '../../src/engine/types.js';
import { createOperator } from '../../src/ui/operator.js';
import { InquirerPrompter } from '../../src/ui/prompter.js';
import { answer, pick, waitFor } from './screen-helpers.js';

const step: StepInRun = { id: 'prepare', number: 1, title: 'Prepare the nodes' };
const failures: FailedCheckView[] = [
  { id: 'fs.shared', node: 'node2', detail: 'the sentinel written on node1 is not seen on node2', fix: 'mount the shared file system on node2 at /mnt/st-shared' },
  { id: 'node.clock-skew', node: null, detail: 'clocks differ by 9 s', fix: 'enable NTP on every node' },
];

function operator() {
  const out: string[] = [];
  const paused: string[] = [];
  const op = createOperator(new InquirerPrompter(), { write: (t) => void out.push(t), pause: () => void paused.push('pause'), resume: () => void paused.push('resume') }, { pollMs: 20, tickMs: 40 });
  return { op, out, paused };
}

describe('failed-check menu', () => {
  it('shows the fix on request, then accepts one risk with a recorded reason', async () => {
    const { op, out, paused } = operator();
    const result = op.onFailedChecks(step, failures);
    await waitFor(screen, 'What now?');
    expect(screen.getScreen()).toMatch(/Retry the checks[\s\S]*Show the fix[\s\S]*Accept the risk[\s\S]*Abort/);
    await pick(screen, 'What now?', 1);
    await vi.waitFor(() => expect(out.join('')).toContain('fix: mount the shared file system on node2 at /mnt/st-shared'));
    await pick(screen, 'What now?', 2);
    await pick(screen, 'Accept the risk of which failure?', 1);
    await answer(screen, 'Why is it safe', '');
    await waitFor(screen, 'Give a reason of a few words');
    await answer(screen, 'Why is it safe', 'NTP is being fixed by the network team');
    expect(await result).toEqual({ choice: 'accept', ids: ['node.clock-skew'], reason: 'NTP is being fixed by the network team' });
    expect(paused).toEqual(['pause', 'resume']);
    expect(out.join('')).toContain('Step 1 (Prepare the nodes): 2 check(s) failed');
  });

  it('retry and abort are answered as such', async () => {
    const { op } = operator();
    const retry = op.onFailedChecks(step, failures);
    await pick(screen, 'What now?', 0);
    expect(await retry).toEqual({ choice: 'retry' });
    const abort = op.onFailedChecks(step, failures);
    await pick(screen, 'What now?', 3);
    expect(await abort).toEqual({ choice: 'abort' });
  });

  it('an accept with a single failure names it with its node', async () => {
    const { op } = operator();
    const result = op.onFailedChecks(step, [failures[0]!]);
    await pick(screen, 'What now?', 2);
    await answer(screen, 'Why is it safe', 'rehearsal only');
    expect(await result).toEqual({ choice: 'accept', ids: ['fs.shared@node2'], reason: 'rehearsal only' });
  });
});

describe('step 7 by hand', () => {
  const info = { url: 'https://127.0.0.11:8444/', addresses: ['127.0.0.11', '127.0.0.12', '127.0.0.13'], timeoutMs: 60_000 };

  it('shows the URL and every address in order, counts down, and goes on once all are listed', async () => {
    const { op, out } = operator();
    let polls = 0;
    const listed = (): Promise<string[]> => {
      polls += 1;
      return Promise.resolve(polls < 3 ? ['127.0.0.11'] : [...info.addresses]);
    };
    const result = op.manualRegistration(info, listed, new AbortController().signal);
    await waitFor(screen, /1\/3 listed; waiting for 127\.0\.0\.12, 127\.0\.0\.13 — \d+:\d\d left/);
    expect(await result).toBe(true);
    const text = out.join('');
    expect(text).toContain('https://127.0.0.11:8444/');
    expect(text).toMatch(/1\. 127\.0\.0\.11 +\(the first node itself\)[\s\S]*2\. 127\.0\.0\.12[\s\S]*3\. 127\.0\.0\.13/);
    expect(text).toContain('every address is listed');
  });

  it('lets the operator give up', async () => {
    const { op, out } = operator();
    const result = op.manualRegistration({ ...info, addresses: ['127.0.0.11'] }, () => Promise.resolve([]), new AbortController().signal);
    await waitFor(screen, 'Give up waiting');
    screen.keypress('down');
    screen.keypress('enter');
    expect(await result).toBe(false);
    expect(out.join('')).toContain('you gave up waiting');
  });

  it('stops when the time is up', async () => {
    const { op, out } = operator();
    const result = op.manualRegistration({ ...info, timeoutMs: 150 }, () => Promise.reject(new Error('503 not operational')), new AbortController().signal);
    await waitFor(screen, 'cluster management did not answer: 503 not operational');
    expect(await result).toBe(false);
    expect(out.join('')).toContain('time is up');
  });
});
