// The commander program with every command registered, as `st-cluster` runs it
// and as the build renders its top-level --help (scripts/build-help.mjs).
import type { Command } from 'commander';

export async function createProgram(version: string): Promise<Command> {
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
  return program;
}

/** Plain (no TTY) help as commander prints it: 80 columns, no colour. */
export async function plainHelp(version: string): Promise<string> {
  const program = await createProgram(version);
  program.configureOutput({ getOutHelpWidth: () => 80, getOutHasColors: () => false });
  return program.helpInformation();
}
