// Entry point. Only commander is imported up front so that --help and
// --version stay fast (STACK.md: static imports cost ~350 ms). Each command
// module below imports only commander itself and loads its work on use.
// A bare --version skips even commander (bench/RESULTS.md, start-up row).
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else {
  const { Command } = await import('commander');
  const program = new Command('st-cluster')
    .description('Build an Axway SecureTransport Enterprise Cluster by the ten documented steps.')
    .version(version)
    .showHelpAfterError()
    // Usage errors exit 2 (README "Exit codes"), not commander's 1; set before the
    // commands are registered so that every subcommand inherits it.
    .exitOverride();

  // One entry per command module: each exports register(program). Loaded
  // side by side; registered in this order (the order --help lists them).
  const commands = await Promise.all([
    import('./commands/setup.js'),
    import('./commands/apply.js'),
    import('./commands/status.js'),
    import('./commands/add-node.js'),
    import('./commands/remove-node.js'),
    import('./commands/history.js'),
    import('./commands/report.js'),
    import('./commands/answers.js'),
    import('./commands/lab.js'),
    import('./commands/adapter.js'),
  ]);
  for (const command of commands) command.register(program);

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
