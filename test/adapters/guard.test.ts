import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardAdapter } from '../../src/adapters/guard.js';
import { createLocalAdapter } from '../../src/adapters/local.js';
import { AdapterError, type NodeAdapter } from '../../src/adapters/types.js';

let dir: string;
let guarded: NodeAdapter;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-guard-'));
  guarded = guardAdapter(createLocalAdapter({ node: 'n1' }), { dryRun: true, probeRoots: [path.join(dir, 'probe')] });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<AdapterError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AdapterError);
  expect((error as AdapterError).reason).toBe('dry-run-write');
  return error as AdapterError;
}

describe('dry-run guard', () => {
  it('refuses untagged and write-tagged exec, naming the node and the command', async () => {
    const untagged = await refusal(guarded.exec(['touch', path.join(dir, 'x')]));
    expect(untagged.message).toMatch(/^n1: dry run refused exec \["touch"/);
    await refusal(guarded.exec(['touch', path.join(dir, 'x')], { kind: 'write' }));
    expect((await guarded.stat(path.join(dir, 'x'))).exists).toBe(false);
  });

  it('runs read and probe exec', async () => {
    expect((await guarded.exec(['echo', 'hi'], { kind: 'read' })).stdout).toBe('hi\n');
    expect((await guarded.exec(['true'], { kind: 'probe' })).exitCode).toBe(0);
  });

  it('refuses writeFile and remove that are not probes, even under a probe root', async () => {
    const error = await refusal(guarded.writeFile(path.join(dir, 'probe/a'), 'x'));
    expect(error.message).toContain(`writeFile ${path.join(dir, 'probe/a')}`);
    await refusal(guarded.remove(path.join(dir, 'probe/a')));
  });

  it('refuses probe writes outside the probe roots, including ../ escapes and look-alike prefixes', async () => {
    await refusal(guarded.writeFile(path.join(dir, 'elsewhere'), 'x', { probe: true }));
    await refusal(guarded.writeFile(`${dir}/probe/../escape`, 'x', { probe: true }));
    await refusal(guarded.writeFile(`${dir}/probe-not/a`, 'x', { probe: true }));
    expect((await guarded.stat(path.join(dir, 'escape'))).exists).toBe(false);
  });

  it('allows probe writes and removes under a probe root, and all reads', async () => {
    const sentinel = path.join(dir, 'probe/sentinel');
    await guarded.writeFile(sentinel, 'token\n', { probe: true });
    expect(new TextDecoder().decode(await guarded.readFile(sentinel))).toBe('token\n');
    expect(await guarded.sha256(sentinel)).toMatch(/^[0-9a-f]{64}$/);
    expect((await guarded.stat(sentinel)).type).toBe('file');
    await guarded.remove(sentinel, { probe: true });
    expect((await guarded.stat(sentinel)).exists).toBe(false);
  });

  it('is the adapter itself when not a dry run', () => {
    const local = createLocalAdapter({ node: 'n1' });
    expect(guardAdapter(local, { dryRun: false, probeRoots: [] })).toBe(local);
  });
});
