// Plan files' usage errors (README "Plan files", "Exit codes"): exit 2, the reason on stderr, nothing run.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/lab.js';

describe('apply and --out: usage errors exit 2', () => {
  it.each([
    [['apply', '--answers', 'a.yaml', '--yes'], /missing required argument 'plan'/],
    [['apply', 'p.json'], /required option '-a, --answers <file>' not specified/],
    [['apply', 'p.json', '--answers', 'a.yaml'], /apply changes the nodes: pass --yes to run the plan/],
    [['apply', '/nonexistent/p.json', '--answers', 'a.yaml', '--yes'], /\/nonexistent\/p\.json is not a valid plan file: it cannot be read \(ENOENT/],
    [['setup', '--answers', 'a.yaml', '--yes', '--out', 'p.json'], /--out writes a plan file: it goes with --dry-run/],
    [['preflight', '--answers', 'a.yaml', '--out', 'p.json'], /unknown option '--out'/],
  ])('st-cluster %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a plan file that is not JSON is named, with the fix', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'plan-usage-'));
    const file = path.join(dir, 'p.json');
    await writeFile(file, 'not json');
    const run = await runCli(['apply', file, '--answers', 'a.yaml', '--yes']);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/p\.json is not a valid plan file: it is not JSON .*; nothing was changed/);
    expect(run.stderr).toMatch(/fix: Make the plan again with st-cluster plan --answers FILE --out PLAN\.json/);
  });
});
