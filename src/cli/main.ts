// Entry point. Only commander is imported up front so that --help and
// --version stay fast (STACK.md: static imports cost ~350 ms). Each command
// module imports only commander itself and loads its work on use.
// A bare --version skips even commander, and a bare --help prints the text the
// build rendered from the same program (bench/RESULTS.md, start-up row).
import { readFileSync } from 'node:fs';
import { prebuiltHelp } from './prebuilt-help.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const args = process.argv.slice(2);

const help = prebuiltHelp(args);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else if (help !== null) {
  process.stdout.write(help);
} else {
  const { createProgram } = await import('./program.js');
  const program = await createProgram(version);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    const { isCommanderExit, commanderExitCode } = await import('./usage-exit.js');
    if (isCommanderExit(error)) {
      // commander has already printed the message (and its suggestion) on stderr.
      process.exitCode = commanderExitCode(error);
      process.exit();
    }
    // What no command caught still passes the run's redactor, not Node's raw stack print.
    const { outcomeOf, writeStderr } = await import('./outcome.js');
    const { result, lines } = outcomeOf(error, '');
    for (const line of [result.message ?? 'st-cluster failed', ...lines]) writeStderr(line);
    process.exitCode = result.exitCode;
  }
}
