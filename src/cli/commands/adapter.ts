// `st-cluster adapter test MODULE`: runs the adapter conformance suite against a
// plugin module (DESIGN.md "Node adapters"). Only commander is imported up front.
import type { Command } from 'commander';

interface TestFlags {
  node: string;
  address: string;
  settings?: string;
  scratch?: string;
  json?: boolean;
}

async function testModule(modulePath: string, flags: TestFlags): Promise<void> {
  const path = await import('node:path');
  const { ExitCode } = await import('../exit-codes.js');
  const { loadAdapterModule, instantiateAdapter } = await import('../../adapters/plugin.js');
  const { runConformance, formatConformance } = await import('../../adapters/conformance.js');
  let settings: Record<string, unknown>;
  try {
    settings = flags.settings ? (JSON.parse(flags.settings) as Record<string, unknown>) : {};
  } catch (error) {
    console.error(`st-cluster adapter test: --settings is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = ExitCode.usage;
    return;
  }
  const absolute = path.resolve(modulePath);
  const context = { node: { name: flags.node, address: flags.address, settings }, baseDir: path.dirname(absolute) };
  const factory = await loadAdapterModule(flags.node, absolute, process.cwd());
  const results = await runConformance(() => instantiateAdapter(factory, context, absolute), { context, scratchDir: flags.scratch });
  console.log(flags.json ? JSON.stringify(results, null, 2) : formatConformance(results));
  process.exitCode = results.every((r) => r.ok) ? ExitCode.ok : ExitCode.internal;
}

export function register(program: Command): void {
  const adapter = program.command('adapter').description('Node adapters: check a plugin against the conformance suite.');
  adapter
    .command('test')
    .description('run the adapter conformance suite against MODULE (a file exporting createAdapter); exit 0 when every case passes')
    .argument('<module>', 'path to the adapter module, e.g. ./my-adapter.js')
    .option('--node <name>', 'node name passed to createAdapter', 'conformance')
    .option('--address <address>', 'node address passed to createAdapter', '127.0.0.1')
    .option('--settings <json>', 'the node\'s plugin settings (answers "options") as JSON')
    .option('--scratch <dir>', 'node directory the suite may create and remove (default /tmp/st-cluster-conformance-<random>)')
    .option('--json', 'print the results as JSON')
    .action(async (modulePath: string, flags: TestFlags) => {
      try {
        await testModule(modulePath, flags);
      } catch (error) {
        const fix = (error as { fix?: string }).fix;
        console.error(`st-cluster adapter test: ${error instanceof Error ? error.message : String(error)}${fix ? `\n  fix: ${fix}` : ''}`);
        process.exitCode = 1;
      }
    });
}
