// Runs the BUILT CLI on every broken answers file in corpus/: each file declares
// what must be reported (`# expect: KEY.PATH @ LINE`, "-" for no key path), any
// environment it needs (`# env: NAME=VALUE`), a secret that must never be shown
// (`# not-in-output: VALUE`) and text the output must hold (`# output-has: TEXT`).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, corpusDir, fixturesDir, goodEnv, makeWorkspace, repoRoot, runCli } from './workspace.js';
import type { Workspace } from './workspace.js';

interface Expectation {
  name: string;
  expects: { key: string; line: number }[];
  env: Record<string, string>;
  notInOutput: string[];
  outputHas: string[];
}

function readExpectation(name: string): Expectation {
  const text = readFileSync(path.join(corpusDir, name), 'utf8');
  const result: Expectation = { name, expects: [], env: {}, notInOutput: [], outputHas: [] };
  for (const line of text.split('\n')) {
    const expectMatch = /^# expect: (\S+) @ (\d+)$/.exec(line);
    if (expectMatch) result.expects.push({ key: expectMatch[1]!, line: Number(expectMatch[2]) });
    const envMatch = /^# env: ([A-Z_]+)=(.*)$/.exec(line);
    if (envMatch) result.env[envMatch[1]!] = envMatch[2]!;
    const secret = /^# not-in-output: (.+)$/.exec(line);
    if (secret) result.notInOutput.push(secret[1]!);
    const has = /^# output-has: (.+)$/.exec(line);
    if (has) result.outputHas.push(has[1]!);
  }
  return result;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const corpus = readdirSync(corpusDir).filter((name) => name.endsWith('.yaml')).sort().map(readExpectation);
let workspace: Workspace;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist/cli/commands/answers.js'))) {
    throw new Error('dist/ is missing the answers command: run "npx tsc -p tsconfig.json" first (npm test does).');
  }
  workspace = await makeWorkspace();
  await copyInto(workspace, corpusDir);
  await copyInto(workspace, fixturesDir);
});
afterAll(async () => workspace?.cleanup());

describe('answers validate on the broken corpus', () => {
  it('has at least 40 broken files, each with an expectation', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    for (const entry of corpus) expect(entry.expects, entry.name).not.toHaveLength(0);
  });

  it.concurrent.each(corpus.map((entry) => [entry.name, entry] as const))('%s', async (name, entry) => {
    const result = await runCli(['answers', 'validate', name], { cwd: workspace.dir, env: { ...goodEnv, ...entry.env } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    for (const { key, line } of entry.expects) {
      const head = key === '-' ? `^${escape(name)}:${line}:\\d+: ` : `^${escape(name)}:${line}:\\d+ ${escape(key)}: `;
      expect(lines.some((text) => new RegExp(head).test(text)), `${name}: want ${key} @ ${line} in\n${result.stderr}`).toBe(true);
    }
    for (const text of lines) expect(text).toMatch(/^\S+:\d+:\d+( [\w.]+)?: .+ \(fix: .+\)$/);
    for (const secret of entry.notInOutput) expect(result.stderr + result.stdout).not.toContain(secret);
    for (const text of entry.outputHas) expect(result.stderr).toContain(text);
  });
});

describe('answers validate on valid files', () => {
  it.concurrent.each(['valid-full.yaml', 'valid-minimal.yaml'])('%s exits 0 with a one-line summary', async (name) => {
    const result = await runCli(['answers', 'validate', name], { cwd: workspace.dir, env: goodEnv });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^OK ${escape(name)}: cluster \\S+, \\d+ nodes? \\(first: \\S+\\), .*fingerprint [0-9a-f]{12}\\n$`));
  });
});

describe('answers init', () => {
  it('writes a template that validates once its secrets and licenses exist', async () => {
    const out = path.join(workspace.dir, 'from-template.yaml');
    const written = await runCli(['answers', 'init', '--out', out], { cwd: workspace.dir });
    expect(written.code, written.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+answers\.schema\.json$/);
    const valid = await runCli(['answers', 'validate', out], { cwd: workspace.dir, env: goodEnv });
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);
    // Without the env vars the same file names both keys: the template really uses them.
    const missing = await runCli(['answers', 'validate', out], { cwd: workspace.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('database.password.env: environment variable ST_DB_PASSWORD is not set');
  });

  it('refuses to overwrite without --force and overwrites with it', async () => {
    const out = path.join(workspace.dir, 'existing.yaml');
    await writeFile(out, 'keep me\n');
    const refused = await runCli(['answers', 'init', '--out', out], { cwd: workspace.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(out, 'utf8')).toBe('keep me\n');
    const forced = await runCli(['answers', 'init', '--out', out, '--force'], { cwd: workspace.dir });
    expect(forced.code).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
  });

  it('prints the template to stdout without --out', async () => {
    const result = await runCli(['answers', 'init'], { cwd: workspace.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# yaml-language-server: \$schema=\S+\n/);
    expect(result.stdout).toContain('apiVersion: st-cluster/v1');
  });
});

describe('answers schema', () => {
  it('prints the checked-in JSON Schema', async () => {
    const result = await runCli(['answers', 'schema'], { cwd: workspace.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(path.join(repoRoot, 'schema/answers.schema.json'), 'utf8'));
  });
});
