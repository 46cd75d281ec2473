import { Command } from 'commander';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/adapter.js';

let dir: string;
beforeAll(async () => {
  // Plugins are plain .js files: written here so the TypeScript lint never sees them.
  dir = await mkdtemp(path.join(tmpdir(), 'st-adapter-cmd-'));
  const example = pathToFileURL(path.resolve('examples/plugin-adapter/index.js')).href;
  await writeFile(path.join(dir, 'no-factory.js'), 'export const somethingElse = 1;\n');
  await writeFile(
    path.join(dir, 'lossy-adapter.js'),
    `import { createAdapter as createExample } from '${example}';\n` +
      'export async function createAdapter(context) {\n' +
      '  const adapter = await createExample(context);\n' +
      "  return { ...adapter, kind: 'lossy', writeFile: async () => {} };\n" +
      '}\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function runCli(...args: string[]): Promise<{ exitCode: number | string | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const program = new Command('st-cluster').exitOverride();
  register(program);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'st-cluster', 'adapter', 'test', ...args]);
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('st-cluster adapter test MODULE', () => {
  it('passes the example plugin with exit 0 and a table', async () => {
    const { exitCode, out } = await runCli('examples/plugin-adapter/index.js');
    expect(exitCode).toBe(0);
    expect(out).toMatch(/^PASS {2}exec: argv survives unchanged/m);
    // Every case of the table passed, and the summary counts them all (the suite grows).
    const passLines = out.split('\n').filter((l) => l.startsWith('PASS ')).length;
    expect(passLines).toBeGreaterThanOrEqual(17);
    expect(out).toMatch(new RegExp(`${passLines} passed, 0 failed$`));
  });

  it('fails a plugin that drops writes with exit 1, naming the cases', async () => {
    const { exitCode, out } = await runCli(path.join(dir, 'lossy-adapter.js'), '--json');
    expect(exitCode).toBe(1);
    const results = JSON.parse(out) as { name: string; ok: boolean }[];
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toContain('files: write/read round trip (text and binary), parents created');
    expect(failed).toContain('files: mode honoured (0600, 0640, and when replacing a 0644 file)');
  });

  it('names the module when it does not export createAdapter', async () => {
    const { exitCode, err } = await runCli(path.join(dir, 'no-factory.js'));
    expect(exitCode).toBe(1);
    expect(err).toMatch(/adapter module \S+no-factory\.js does not export a createAdapter function \(exports: somethingElse\)/);
    expect(err).toContain('fix:');
  });

  it('names the module when it cannot be imported', async () => {
    const { exitCode, err } = await runCli(path.join(dir, 'absent.js'));
    expect(exitCode).toBe(1);
    expect(err).toMatch(/adapter module \S+absent\.js could not be imported/);
  });
});
