// `st-cluster answers init|validate|schema`. Only commander is loaded up front;
// the answers module (zod, yaml) is imported when a command runs (STACK.md cold start).
import type { Command } from 'commander';

interface InitOptions {
  out?: string;
  force?: boolean;
  schemaRef?: string;
}

async function init(options: InitOptions): Promise<void> {
  const [{ ExitCode }, { answersTemplate, schemaRefFor }, { writeFile }] = await Promise.all([
    import('../exit-codes.js'),
    import('../../answers/index.js'),
    import('node:fs/promises'),
  ]);
  const text = answersTemplate(options.schemaRef ?? schemaRefFor(options.out));
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(options.out, text, { flag: options.force ? 'w' : 'wx', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' ? 'it already exists (use --force to overwrite it)' : (error as Error).message;
    process.stderr.write(`st-cluster: cannot write ${options.out}: ${reason}\n`);
    process.exitCode = ExitCode.usage;
    return;
  }
  process.stdout.write(`Wrote ${options.out}. Fill it in, then run: st-cluster answers validate ${options.out}\n`);
}

async function validate(file: string): Promise<void> {
  const [{ ExitCode }, { isAnswersError, loadAnswers }] = await Promise.all([import('../exit-codes.js'), import('../../answers/index.js')]);
  try {
    const { answers, fingerprint } = await loadAnswers(file, { canPrompt: process.stdin.isTTY === true });
    const { database: db, nodes } = answers;
    const first = nodes[0]?.name ?? '?';
    process.stdout.write(
      `OK ${file}: cluster ${answers.cluster.name}, ${nodes.length} node${nodes.length === 1 ? '' : 's'} (first: ${first}), ` +
        `${db.type} ${db.host}:${db.port}/${db.name}, fingerprint ${fingerprint.slice(0, 12)}\n`,
    );
  } catch (error) {
    if (!isAnswersError(error)) throw error;
    process.stderr.write(`${error.format()}\n`);
    process.exitCode = ExitCode.usage;
  }
}

async function schema(): Promise<void> {
  const { answersJsonSchemaText } = await import('../../answers/index.js');
  process.stdout.write(answersJsonSchemaText());
}

export function register(program: Command): void {
  const answers = program.command('answers').description('Create, check and describe the answers file (apiVersion st-cluster/v1).');
  answers
    .command('init')
    .description('Write a commented answers-file template (to stdout without --out).')
    .option('--out <file>', 'write the template to FILE')
    .option('--force', 'overwrite FILE if it exists')
    .option('--schema-ref <ref>', 'path or URL of the JSON Schema for the yaml-language-server comment')
    .action(init);
  answers
    .command('validate')
    .description('Check an answers file: exit 0 when valid, 2 with every issue (file:line:col key: message) on stderr.')
    .argument('<file>', 'the answers file')
    .action(validate);
  answers.command('schema').description('Print the JSON Schema of the answers file.').action(schema);
}
