// A bare `st-cluster --help` prints the text the build rendered from the program
// (scripts/build-help.mjs → dist/cli/help.txt) instead of loading commander and
// every command definition (bench/RESULTS.md, start-up row). This module imports
// nothing but node:fs, so that path stays fast.
import { readFileSync } from 'node:fs';

/** The build renders 80 columns: what commander prints whenever output is not a terminal, or a terminal 80 wide. */
export const prebuiltHelpApplies = (args: readonly string[], isTTY: boolean, columns: number | undefined): boolean =>
  args.length === 1 && (args[0] === '--help' || args[0] === '-h') && (!isTTY || columns === 80);

/** The prebuilt help for these arguments on this stdout, or null (then commander prints it). */
export function prebuiltHelp(args: readonly string[]): string | null {
  if (!prebuiltHelpApplies(args, process.stdout.isTTY === true, process.stdout.columns)) return null;
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return null;
  }
}
