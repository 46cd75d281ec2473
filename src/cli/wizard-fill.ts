// Fills the gaps of a raw answers document by asking, key by key. Keys the file
// already holds are never asked again; secrets typed here stay in memory only.
import { homedir } from 'node:os';
import path from 'node:path';
import { dbPasswordProblem, readSecretRef } from '../answers/secret.js';
import type { Prompter } from '../ui/prompter.js';
import { checkValue, clusterQuestions, laterQuestions, nodeQuestions, valueAt, type Doc, type Question } from './wizard-questions.js';

export interface FillContext {
  prompter: Prompter;
  write(text: string): void;
  /** Secrets typed in this session, by YAML key: never written anywhere. */
  secrets: Map<string, string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Told after every answer (the wizard keeps a draft of the document from the first one on). */
  onAnswer?(doc: Doc): Promise<void> | void;
}

const SECTIONS: [RegExp, string][] = [
  [/^(cluster\.tls|admin\.caFile)/, 'TLS'],
  [/^(cluster\.autoRegister|admin\.register)/, 'Adding the nodes to the cluster'],
  [/^cluster\./, 'Cluster'],
  [/^database\./, 'Shared database (PostgreSQL)'],
  [/^(sharedFs|installer)\./, 'Shared file system and installer'],
  [/^licenses\./, 'Licenses'],
  [/^admin\./, 'Admin Tool'],
];

export function setValue(doc: Doc, keys: readonly (string | number)[], value: unknown): void {
  let parent: Record<string | number, unknown> = doc;
  for (const key of keys.slice(0, -1)) {
    if (typeof parent[key] !== 'object' || parent[key] === null) parent[key] = {};
    parent = parent[key] as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

const localPath = (value: string, cwd: string): string => (value === '~' || value.startsWith('~/') ? path.join(homedir(), value.slice(1)) : path.resolve(cwd, value));

/** Asks every missing answer; returns how many questions were asked. */
export async function fillAnswers(doc: Doc, ctx: FillContext): Promise<number> {
  let asked = 0;
  let section = '';
  const ask = async (q: Question, keys: (string | number)[], node?: Doc): Promise<void> => {
    const current = valueAt(doc, keys);
    const pendingPrompt = q.kind === 'secret' && current === 'prompt' && !ctx.secrets.has(keys.join('.'));
    if ((current !== undefined && !pendingPrompt) || (q.when && !q.when(doc, node))) return;
    const title = SECTIONS.find(([re]) => re.test(q.key))?.[1];
    if (title && title !== section) ctx.write(`\n${title}\n`);
    section = title ?? section;
    asked += 1;
    if (pendingPrompt) ctx.secrets.set(keys.join('.'), await askSecretValue(ctx, keys));
    else setValue(doc, keys, await askOne(ctx, q, keys));
    await ctx.onAnswer?.(doc);
  };

  doc.apiVersion ??= 'st-cluster/v1';
  for (const q of clusterQuestions) {
    await ask(q, q.key.split('.'));
    if (q.key === 'database.host') setValue(doc, ['database', 'type'], valueAt(doc, ['database', 'type']) ?? 'postgresql');
  }
  if (!Array.isArray(doc.nodes) || doc.nodes.length === 0) {
    ctx.write('\nNodes\n');
    section = 'Nodes';
    const count = await ctx.prompter.text({ message: 'How many nodes (the first one listed creates the schema)?', default: '2', validate: (v) => (/^[1-9]\d{0,2}$/.test(v.trim()) ? true : 'a whole number, 1 or more') });
    asked += 1;
    doc.nodes = Array.from({ length: Number(count) }, () => ({}));
    await ctx.onAnswer?.(doc);
  }
  const nodes = doc.nodes as Doc[];
  for (const [index, node] of nodes.entries()) {
    const missing = nodeQuestions.some((q) => (!q.when || q.when(doc, node)) && valueAt(node, q.key.split('.').slice(2)) === undefined);
    if (missing) ctx.write(`\nNode ${index + 1} of ${nodes.length}${index === 0 ? ' (the first node: it creates the schema and registers the others)' : ''}\n`);
    section = 'Nodes';
    for (const q of nodeQuestions) await ask({ ...q, message: `Node ${index + 1} ${q.message}` }, q.key.split('.').map((k) => (k === '#' ? index : k)), node);
  }
  for (const q of laterQuestions) await ask(q, q.key.split('.'));
  return asked;
}

async function askOne(ctx: FillContext, q: Question, keys: (string | number)[]): Promise<unknown> {
  const { prompter } = ctx;
  if (q.kind === 'boolean') return prompter.confirm({ message: q.message, default: q.default === true });
  if (q.kind === 'choice') return prompter.choose({ message: q.message, choices: q.choices ?? [], ...(typeof q.default === 'string' ? { default: q.default } : {}) });
  if (q.kind === 'secret') return askSecret(ctx, keys);
  const convert = (raw: string): unknown => {
    const text = raw.trim();
    if (text === '' && q.optional) return undefined;
    if (q.kind === 'number') return text === '' ? Number.NaN : Number(text);
    return q.localPath && text !== '' ? localPath(text, ctx.cwd) : text;
  };
  const answer = await prompter.text({
    message: q.message,
    ...(q.default !== undefined ? { default: String(q.default) } : {}),
    validate: (raw) => {
      const value = convert(raw);
      if (value === undefined) return true;
      if (typeof value === 'number' && !Number.isFinite(value)) return 'a number';
      return checkValue(q, keys, value);
    },
  });
  return convert(answer);
}

type SecretSource = 'prompt' | 'env' | 'file';

async function askSecret(ctx: FillContext, keys: (string | number)[]): Promise<unknown> {
  const key = keys.join('.');
  const q: Question = { key, message: '', kind: 'text' };
  // Until a source works: an empty name or path goes back to the choice of source.
  for (;;) {
    const source = await ctx.prompter.choose<SecretSource>({
      message: `${key}: where does st-cluster get it?`,
      choices: [
        { value: 'prompt', name: 'Type it now (masked, twice; kept in memory for this run only)' },
        { value: 'env', name: 'An environment variable' },
        { value: 'file', name: 'A file on this machine (mode 0600, holding only the password)' },
      ],
      default: 'prompt',
    });
    if (source === 'prompt') {
      ctx.secrets.set(key, await askSecretValue(ctx, keys));
      return 'prompt';
    }
    if (source === 'env') {
      const usual = key === 'database.password' ? 'ST_DB_PASSWORD' : 'ST_ADMIN_PASSWORD';
      // The usual name is the default only when it is set: an empty answer must stay a way back.
      const name = await ctx.prompter.text({
        message: `Environment variable name${ctx.env[usual] === undefined ? ` (e.g. ${usual})` : ''} (empty: choose another source)`,
        ...(ctx.env[usual] !== undefined ? { default: usual } : {}),
        validate: (v) => (v.trim() === '' ? true : secretProblem(ctx, keys, { env: v.trim() }, q)),
      });
      if (name.trim() !== '') return { env: name.trim() };
      continue;
    }
    const file = await ctx.prompter.text({
      message: 'Password file (empty: choose another source)',
      validate: (v) => (v.trim() === '' ? true : secretProblem(ctx, keys, { file: localPath(v.trim(), ctx.cwd) }, q)),
    });
    if (file.trim() !== '') return { file: localPath(file.trim(), ctx.cwd) };
  }
}

// The same checks the loader makes on a reference: resolvable now, and for the DB
// a password SecureTransport accepts (docs/st-facts.md); the value is never shown.
async function secretProblem(ctx: FillContext, keys: (string | number)[], ref: { env: string } | { file: string }, q: Question): Promise<true | string> {
  const shape = checkValue(q, keys, ref);
  if (shape !== true) return shape;
  const read = await readSecretRef(ref, ctx.env);
  if (!read.ok) return `${read.problem.message} (${read.problem.fix})`;
  const problem = keys.join('.') === 'database.password' ? dbPasswordProblem(read.value, 'postgresql') : undefined;
  return problem ? `the password from ${read.source} ${problem}` : true;
}

/** A new secret is typed twice: a typo would otherwise surface only when a node refuses it. */
async function askSecretValue(ctx: FillContext, keys: (string | number)[]): Promise<string> {
  const key = keys.join('.');
  const what = `${key === 'database.password' ? 'Database' : 'Admin Tool'} password`;
  for (;;) {
    const value = await ctx.prompter.secret({
      message: `${what} (not shown)`,
      validate: (typed) => {
        if (typed === '') return 'the password cannot be empty';
        const problem = key === 'database.password' ? dbPasswordProblem(typed, 'postgresql') : undefined;
        return problem ? `this password ${problem}` : true;
      },
    });
    const again = await ctx.prompter.secret({ message: `${what} again, to confirm (not shown)` });
    if (again === value) return value;
    ctx.write('The two entries differ; type the password again.\n');
  }
}
