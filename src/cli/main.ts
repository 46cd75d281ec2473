// Entry point. Only commander is imported up front so that --help and
// --version stay fast (STACK.md: static imports cost ~350 ms). Each command
// module below imports only commander itself and loads its work on use.
import { Command } from 'commander';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

const program = new Command('st-cluster')
  .description('Build an Axway SecureTransport Enterprise Cluster by the ten documented steps.')
  .version(version)
  .showHelpAfterError();

// One line per command module: each exports register(program).
(await import('./commands/lab.js')).register(program);
(await import('./commands/answers.js')).register(program);
(await import('./commands/setup.js')).register(program);
(await import('./commands/history.js')).register(program);
(await import('./commands/adapter.js')).register(program);
(await import('./commands/status.js')).register(program);
(await import('./commands/add-node.js')).register(program);
(await import('./commands/remove-node.js')).register(program);

await program.parseAsync(process.argv);
