// README "Exit codes": every usage error is exit 2 with commander's own message and
// suggestion on stderr; help and version are exit 0 on stdout.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/lab.js';

describe('usage errors', () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['bogus'], /unknown command 'bogus'/],
    [['setup', '--yse'], /unknown option '--yse'[\s\S]*Did you mean --yes\?/],
    [['status', '--answers'], /option '-a, --answers <file>' argument missing/],
    [['history', 'a', 'b'], /too many arguments/],
    [[], /Usage: st-cluster/],
  ])('st-cluster %j exits 2 with the reason on stderr', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it.each([[['--help']], [['setup', '--help']], [['help', 'status']], [['--version']]])('st-cluster %j exits 0 on stdout', async (args) => {
    const run = await runCli(args);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(run.stderr).toBe('');
  });
});
