// README and --help cannot drift apart: every command and option --help shows is in
// README, every command README's table names exists, and the options table of
// setup/plan/preflight says truly which of the three has each option.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const help = (args: string[]): string => execFileSync(process.execPath, [path.join(ROOT, 'bin/st-cluster'), ...args, '--help'], { encoding: 'utf8' });

function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}:\n`);
  if (start < 0) return '';
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(/\n\S/);
  return end < 0 ? rest : rest.slice(0, end);
}

const subcommands = (args: string[]): string[] =>
  section(help(args), 'Commands')
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');

const longOptions = (text: string): string[] =>
  [...section(text, 'Options').matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help' && o !== '--version');

/** Every runnable command as its words: ['setup'], ['lab', 'up'], … */
function leafCommands(): string[][] {
  return subcommands([]).flatMap((name) => {
    const children = subcommands([name]);
    return children.length > 0 ? children.map((child) => [name, child]) : [[name]];
  });
}

describe('README and --help', () => {
  const leaves = leafCommands();

  it('finds the commands (the parser itself works)', () => {
    expect(leaves.map((l) => l.join(' '))).toEqual(expect.arrayContaining(['setup', 'plan', 'preflight', 'status', 'lab up', 'answers init']));
  });

  it('README names every command --help lists', () => {
    const missing = leaves.map((l) => l.join(' ')).filter((name) => !new RegExp('`(st-cluster )?' + name.replace(' ', ' ') + '[ `]').test(README));
    expect(missing).toEqual([]);
  });

  it('README names every option of every command', () => {
    const missing = leaves.flatMap((l) => longOptions(help(l)).filter((option) => !new RegExp(`${option}(?![a-z-])`).test(README)).map((option) => `${l.join(' ')} ${option}`));
    expect(missing).toEqual([]);
  });

  it('every command in README\'s Commands table exists', () => {
    const table = README.slice(README.indexOf('## Commands'), README.indexOf('\n## ', README.indexOf('## Commands') + 3));
    const named = [...table.matchAll(/`st-cluster ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)].map((m) => [m[1]!, m[2]]);
    expect(named.length).toBeGreaterThan(5);
    const known = new Set(leaves.map((l) => l.join(' ')));
    const unknown = named.map(([a, b]) => (known.has(`${a} ${b}`) ? `${a} ${b}` : a!)).filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
  });

  it('the options table of setup, plan and preflight holds for each of the three', () => {
    const table = README.slice(README.indexOf('Options of `setup`, `plan` and `preflight`'));
    const rows = table.slice(0, table.indexOf('\n\n', table.indexOf('|---'))).split('\n').filter((r) => r.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(5);
    const options = Object.fromEntries(['setup', 'plan', 'preflight'].map((c) => [c, longOptions(help([c]))]));
    const wrong: string[] = [];
    for (const row of rows) {
      const option = /`(?:-\w, )?(--[a-z][a-z-]*)/.exec(row)?.[1];
      if (!option) continue;
      const only = /\(setup only\b/.test(row) ? ['setup'] : /\(setup and plan only\b/.test(row) ? ['setup', 'plan'] : ['setup', 'plan', 'preflight'];
      for (const command of only) if (!options[command]!.includes(option)) wrong.push(`${command} has no ${option}`);
      for (const command of ['plan', 'preflight'].filter((c) => !only.includes(c))) if (options[command]!.includes(option)) wrong.push(`${option} is not ${only.join(' and ')} only: ${command} has it`);
    }
    expect(wrong).toEqual([]);
  });
});
