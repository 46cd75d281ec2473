// Resolves the secret references of loaded answers on demand. "prompt" goes
// through an injected function (the CLI wires the one Prompter, STYLE.md rule 3),
// so this module never imports a prompt library.
import { runRedactor } from '../journal/redact.js';
import { AnswersError } from './errors.js';
import { issueAt } from './issue.js';
import type { Answers } from './schema.js';
import { Secret, dbPasswordProblem, readSecretRef } from './secret.js';
import { DEFAULT_INITIAL_ADMIN_PASSWORD, describeSecretRef, secretRefFix, secretRefOf } from './secret-refs.js';
import type { SecretKey } from './secret-refs.js';
import type { AnswersSource } from './yaml-source.js';

export interface PromptRequest {
  keyPath: SecretKey;
  /** A question to show, e.g. "Database password (database.password)". */
  message: string;
}
export type PromptFn = (request: PromptRequest) => Promise<string>;

export interface SecretResolver {
  /** Resolves once and caches; throws AnswersError when the reference cannot be resolved. */
  get(keyPath: SecretKey): Promise<Secret>;
  /** Sets the function used for "prompt" references. */
  setPrompt(fn: PromptFn): void;
  /** How the secret is referenced ("env ST_DB_PASSWORD", "file /abs/path", "prompt"): safe to print. */
  describe(keyPath: SecretKey): string;
}

const questions: Record<SecretKey, string> = {
  'database.password': 'Database password (database.password)',
  'admin.password': 'Admin password (admin.password)',
  'admin.initialPassword': 'Admin password of the fresh install (admin.initialPassword)',
};

export function createSecretResolver(
  answers: Answers,
  env: NodeJS.ProcessEnv,
  source: Pick<AnswersSource, 'file' | 'locate'>,
  /** Where each resolved value is registered, the moment it is known, so no output can show it. */
  redactor: { add(value: string): unknown } = runRedactor,
): SecretResolver {
  let prompt: PromptFn | undefined;
  const cache = new Map<SecretKey, Promise<Secret>>();
  const refOf = (key: SecretKey) => secretRefOf(answers, key);
  const fail = (key: SecretKey, message: string, fix: string): never => {
    throw new AnswersError([issueAt(source, key.split('.'), message, fix)]);
  };

  const resolve = async (key: SecretKey): Promise<Secret> => {
    const ref = refOf(key);
    // The published default is no secret: registering "admin" would blank every "admin" in the output.
    if (ref === undefined) return new Secret(DEFAULT_INITIAL_ADMIN_PASSWORD);
    let value: string;
    let from: string;
    if (ref === 'prompt') {
      if (!prompt) return fail(key, `${key} is "prompt" but no prompt is available`, secretRefFix(key).replace(/ or prompt$/, ''));
      value = await prompt({ keyPath: key, message: questions[key] });
      from = 'the prompt';
      if (value === '') return fail(key, 'the password given at the prompt is empty', 'enter the password');
    } else {
      const read = await readSecretRef(ref, env);
      if (!read.ok) return fail(key, read.problem.message, read.problem.fix);
      value = read.value;
      from = read.source;
    }
    // Registered before it is judged: even a refused value must not be shown.
    redactor.add(value);
    const problem = key === 'database.password' ? dbPasswordProblem(value, answers.database.type) : undefined;
    if (problem) return fail(key, `the password from ${from} ${problem}`, 'choose another database password');
    return new Secret(value);
  };

  return {
    get(key) {
      let pending = cache.get(key);
      if (!pending) {
        pending = resolve(key);
        cache.set(key, pending);
        // A failed prompt may be retried with a new answer.
        pending.catch(() => cache.delete(key));
      }
      return pending;
    },
    setPrompt(fn) {
      prompt = fn;
    },
    describe(key) {
      return describeSecretRef(refOf(key));
    },
  };
}
