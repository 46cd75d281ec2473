// A bare `st-cluster --help` prints the text the build rendered (dist/cli/help.txt)
// without loading commander: it must be exactly what commander prints for the program.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prebuiltHelpApplies } from '../../src/cli/prebuilt-help.js';
import { plainHelp } from '../../src/cli/program.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[]): string => execFileSync(process.execPath, [path.join(ROOT, 'bin/st-cluster'), ...args], { encoding: 'utf8' });
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('prebuilt --help', () => {
  it('equals what commander prints for the program, by --help, -h and through commander itself', async () => {
    const commander = await plainHelp(version);
    expect(commander).toMatch(/^Usage: st-cluster \[options\] \[command\]\n/);
    expect(commander).toContain('  setup ');
    expect(readFileSync(path.join(ROOT, 'dist/cli/help.txt'), 'utf8')).toBe(commander);
    expect(cli(['--help'])).toBe(commander);
    expect(cli(['-h'])).toBe(commander);
    // `help` is commander's own path (no prebuilt text): the same output.
    expect(cli(['help'])).toBe(commander);
  });

  it('applies only to a bare --help/-h whose width commander would take as 80', () => {
    expect(prebuiltHelpApplies(['--help'], false, undefined)).toBe(true);
    expect(prebuiltHelpApplies(['-h'], true, 80)).toBe(true);
    expect(prebuiltHelpApplies(['--help'], true, 120)).toBe(false);
    expect(prebuiltHelpApplies(['setup', '--help'], false, undefined)).toBe(false);
    expect(prebuiltHelpApplies(['--help', '--json'], false, undefined)).toBe(false);
    expect(prebuiltHelpApplies([], false, undefined)).toBe(false);
  });

  it('keeps --version', () => {
    expect(cli(['--version'])).toBe(`${version}\n`);
    expect(cli(['-V'])).toBe(`${version}\n`);
  });
});
