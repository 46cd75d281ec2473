// A failed node command keeps its whole output (its tail beyond 64 Ki characters)
// for the journal; the error's message keeps its meaning: the last three lines.
import { describe, expect, it } from 'vitest';
import type { ExecResult, NodeAdapter } from '../../src/adapters/types.js';
import { outputOf } from '../../src/engine/events.js';
import { ActionError, keepOutput, OUTPUT_LIMIT, PlanBuilder } from '../../src/steps/actions.js';
import { fakeContext } from '../engine/fake-context.js';

function failingAdapter(result: Omit<ExecResult, 'durationMs'>): NodeAdapter {
  const never = (): never => {
    throw new Error('not used');
  };
  return {
    kind: 'fake',
    node: 'n1',
    exec: () => Promise.resolve({ ...result, durationMs: 1 }),
    readFile: never,
    writeFile: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    stat: never,
    sha256: never,
    close: () => Promise.resolve(),
  };
}

async function failure(result: Omit<ExecResult, 'durationMs'>): Promise<ActionError> {
  const { ctx } = fakeContext(['n1']);
  ctx.adapter = () => failingAdapter(result);
  const action = new PlanBuilder('install-first').exec(ctx.nodes[0]!, ['/opt/media/setup.sh', '-s', '/tmp/p'], 'install', { timeoutMs: 1000 });
  const error = await action.apply(ctx, new AbortController().signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

describe('exec() of a failed command', () => {
  it('keeps the full stdout and stderr on the error, the last three lines in its message', async () => {
    const stderr = ['Installation failed: boom', 'Properties read from /tmp/p:', '  a=1', '  b=2', '  c=3'].join('\n');
    const error = await failure({ exitCode: 1, stdout: 'Installing SecureTransport\n', stderr });
    expect(error.message).toBe('/opt/media/setup.sh exited 1:   a=1 |   b=2 |   c=3');
    expect(outputOf(error)).toEqual({ stdout: 'Installing SecureTransport\n', stderr });
    expect(error.fix).toMatch(/full output in the journal/);
  });

  it('keeps the tail of an output longer than the limit, from a line start, with a note', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} password-like-text-${i}`);
    const error = await failure({ exitCode: 2, stdout: '', stderr: lines.join('\n') });
    const kept = outputOf(error).stderr!;
    expect(kept.length).toBeLessThanOrEqual(OUTPUT_LIMIT + 100);
    expect(kept).toMatch(/^\[st-cluster: the first \d+ of \d+ characters are not kept\]\nline \d+ /);
    expect(kept.endsWith(lines.at(-1)!)).toBe(true);
    expect(outputOf(error).stdout).toBeUndefined();
  });
});

describe('keepOutput', () => {
  it('returns a short text as it is', () => {
    expect(keepOutput('a\nb')).toBe('a\nb');
  });
  it('drops a partial first line: a secret cut in half would escape the redactor', () => {
    const text = `${'x'.repeat(10)}SECRETVALUE\nkept line`;
    expect(keepOutput(text, 15)).toBe('[st-cluster: the first 22 of 31 characters are not kept]\nkept line');
  });
  it('keeps nothing of a single line longer than the limit, and says so', () => {
    expect(keepOutput('y'.repeat(50), 10)).toBe('[st-cluster: the first 50 of 50 characters are not kept]\n');
  });
});
