// Offers to save what the wizard collected as a replayable answers file. Secrets
// typed in the session are written as a reference the operator chooses
// (prompt, {env}, {file}) — never the value.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { LoadedAnswers } from '../answers/index.js';
import type { Prompter } from '../ui/prompter.js';
import { setValue } from './wizard-fill.js';
import { valueAt, type Doc } from './wizard-questions.js';

export interface SaveContext {
  prompter: Prompter;
  write(text: string): void;
  cwd: string;
  /** Keys whose secrets were typed in this session. */
  typedSecrets: readonly string[];
}

export type Ref = 'prompt' | { env: string } | { file: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Jump-host paths are saved absolute, so the file replays wherever it is put. */
function absolutePaths(doc: Doc, loaded: LoadedAnswers): Doc {
  const copy = structuredClone(doc);
  const { answers } = loaded;
  const keep = (keys: (string | number)[], value: unknown): void => {
    if (valueAt(copy, keys) !== undefined && value !== undefined) setValue(copy, keys, value);
  };
  keep(['licenses', 'core'], answers.licenses.core);
  keep(['licenses', 'features'], answers.licenses.features);
  keep(['admin', 'caFile'], answers.admin.caFile);
  for (const [secretKey, ref] of [['database', answers.database.password], ['admin', answers.admin.password]] as const) {
    if (typeof ref === 'object' && 'file' in ref) keep([secretKey, 'password'], ref);
  }
  answers.nodes.forEach((node, i) => {
    keep(['nodes', i, 'lab', 'root'], node.lab?.root);
    keep(['nodes', i, 'ssh', 'identityFile'], node.ssh?.identityFile);
    keep(['nodes', i, 'ssh', 'knownHostsFile'], node.ssh?.knownHostsFile);
  });
  return copy;
}

async function chooseRef(ctx: SaveContext, key: string): Promise<Ref> {
  const how = await ctx.prompter.choose<'prompt' | 'env' | 'file'>({
    message: `${key} was typed in; how should the saved file refer to it? (the value itself is never saved)`,
    choices: [
      { value: 'prompt', name: 'prompt — ask for it again on the next run' },
      { value: 'env', name: '{env: NAME} — read it from an environment variable' },
      { value: 'file', name: '{file: PATH} — read it from a 0600 file you create' },
    ],
    default: 'prompt',
  });
  if (how === 'prompt') return 'prompt';
  if (how === 'env') {
    const name = await ctx.prompter.text({
      message: 'Environment variable name',
      default: key === 'database.password' ? 'ST_DB_PASSWORD' : 'ST_ADMIN_PASSWORD',
      validate: (v) => (ENV_NAME.test(v.trim()) ? true : 'letters, digits and "_", not starting with a digit'),
    });
    return { env: name.trim() };
  }
  const file = await ctx.prompter.text({ message: 'Password file (you write the password into it; chmod 600)', validate: (v) => (v.trim() ? true : 'a file path') });
  return { file: path.resolve(ctx.cwd, file.trim()) };
}

async function chooseTarget(ctx: SaveContext, suggested: string): Promise<string> {
  for (;;) {
    const answer = await ctx.prompter.text({ message: 'Save to', default: suggested, validate: (v) => (v.trim() ? true : 'a file path') });
    const target = path.resolve(ctx.cwd, answer.trim());
    if (target === suggested || !existsSync(target)) return target;
    if (await ctx.prompter.confirm({ message: `${target} exists. Replace it?`, default: false })) return target;
  }
}

export interface Saved {
  file: string;
  /** The reference the file holds for each secret typed in the session. */
  refs: Map<string, Ref>;
}

/** Returns what was saved, or undefined when the operator declined. */
export async function offerSave(doc: Doc, loaded: LoadedAnswers, ctx: SaveContext, suggested: string): Promise<Saved | undefined> {
  const save = await ctx.prompter.confirm({ message: 'Save these answers as a file you can replay (st-cluster setup --answers FILE)?', default: true });
  if (!save) return undefined;
  const target = await chooseTarget(ctx, suggested);
  const out = absolutePaths(doc, loaded);
  const notes: string[] = [];
  const refs = new Map<string, Ref>();
  for (const key of ctx.typedSecrets) {
    const ref = await chooseRef(ctx, key);
    refs.set(key, ref);
    setValue(out, key.split('.'), ref);
    if (typeof ref === 'object' && 'file' in ref) notes.push(`write the ${key} into ${ref.file} (chmod 600) before replaying`);
    if (typeof ref === 'object' && 'env' in ref) notes.push(`export ${ref.env}=… before replaying`);
  }
  const header = `# st-cluster answers, saved by the setup wizard on ${new Date().toISOString().slice(0, 10)}.\n# Secrets are references (prompt, {env}, {file}), never values.\n`;
  await writeFile(target, header + stringify(out), { mode: 0o644 });
  ctx.write(`Saved ${target}. Replay with: st-cluster setup --answers ${target}\n`);
  for (const note of notes) ctx.write(`  note: ${note}\n`);
  return { file: target, refs };
}
