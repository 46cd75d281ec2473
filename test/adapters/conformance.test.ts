import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConformance, conformanceCaseNames, type ConformanceResult } from '../../src/adapters/conformance.js';
import { createNodeAdapter } from '../../src/adapters/index.js';
import { createLabAdapter } from '../../src/adapters/lab.js';
import { createLocalAdapter } from '../../src/adapters/local.js';

const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async (prefix: string): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

function expectAllPass(results: ConformanceResult[]): void {
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
  expect(failed).toEqual([]);
  expect(results.map((r) => r.name)).toEqual(['shape: kind, node and every operation', ...conformanceCaseNames]);
}

describe('conformance suite', () => {
  it('local adapter passes', async () => {
    const scratch = path.join(await tempDir('st-conf-local-'), 'scratch');
    expectAllPass(await runConformance(createLocalAdapter({ node: 'local-1' }), { scratchDir: scratch }));
  });

  it('lab adapter passes, and keeps every file under its root', async () => {
    const root = await tempDir('st-conf-lab-');
    const results = await runConformance(createLabAdapter({ node: 'lab-1', root }), { scratchDir: '/tmp/st-conformance' });
    expectAllPass(results);
    // The scratch dir was created under R/tmp and removed by the suite through the mapping.
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('example plugin passes when loaded the way an answers file names it', async () => {
    const prefix = await tempDir('st-conf-plugin-');
    const adapter = await createNodeAdapter(
      { name: 'plug-1', address: '127.0.0.1', adapter: './examples/plugin-adapter/index.js', options: { prefix } },
      { baseDir: process.cwd() },
    );
    expect(adapter.kind).toBe('prefixed-local');
    expectAllPass(await runConformance(adapter, { scratchDir: '/tmp/st-conformance' }));
    expect(await readdir(path.join(prefix, 'tmp'))).toEqual([]);
  });

  it('reports a broken adapter as failures, not as a crash', async () => {
    const broken = { ...createLocalAdapter({ node: 'x' }), writeFile: () => Promise.resolve() };
    const dir = await tempDir('st-conf-broken-');
    await mkdir(dir, { recursive: true });
    const results = await runConformance(broken, { scratchDir: path.join(dir, 's') });
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toContain('files: write/read round trip (text and binary), parents created');
    expect(results.find((r) => r.name.startsWith('close'))?.ok).toBe(true);
  });

  it('reports a factory that throws', async () => {
    const results = await runConformance(() => {
      throw new Error('boom');
    });
    expect(results).toEqual([{ name: 'factory: creates an adapter', ok: false, detail: 'boom', durationMs: 0 }]);
  });
});
