// The answers loader: YAML (with ranges) → zod schema → jump-host paths made
// absolute → cross-field rules. Every stage reports every issue it finds; the
// caller gets one AnswersError listing them all, or answers that are safe to use.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AnswersError } from './errors.js';
import type { AnswersIssue } from './errors.js';
import { answersFingerprint } from './fingerprint.js';
import { resolveAnswersPaths } from './paths.js';
import { checkRules } from './rules.js';
import type { Answers } from './schema.js';
import { rulesBesideSchemaIssues } from './partial-rules.js';
import { parseWithSchema } from './schema-stage.js';
import { createSecretResolver } from './secret-resolver.js';
import type { SecretResolver } from './secret-resolver.js';
import { parseAnswersSource } from './yaml-source.js';

export interface LoadAnswersOptions {
  /** Where {env: NAME} references are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** True only when a person can answer prompts (a TTY); default false, so "prompt" is an error. */
  canPrompt?: boolean;
}

export interface ParseAnswersOptions extends LoadAnswersOptions {
  /** Directory that relative paths resolve against; default the directory of `file`. */
  baseDir?: string;
}

export interface LoadedAnswers {
  answers: Answers;
  /** Absolute path of the answers file. */
  file: string;
  baseDir: string;
  /** sha256 (hex) of the canonical JSON of the answers; secrets count as their references. */
  fingerprint: string;
  secrets: SecretResolver;
}

const fileIssue = (file: string, message: string, fix: string): AnswersIssue => ({ file, line: 1, col: 1, keyPath: '', message, fix });

/** Validates answers text; `file` is used in messages and, unless baseDir is given, for relative paths. */
export async function parseAnswersText(text: string, file: string, options: ParseAnswersOptions = {}): Promise<LoadedAnswers> {
  const env = options.env ?? process.env;
  const baseDir = path.resolve(options.baseDir ?? path.dirname(file));
  const { source, issues: syntaxIssues } = parseAnswersSource(text, file);
  if (syntaxIssues.length > 0) throw new AnswersError(syntaxIssues);

  let raw: unknown;
  try {
    raw = source.doc.toJS();
  } catch (error) {
    throw new AnswersError([fileIssue(file, `YAML: ${(error as Error).message}`, 'correct the anchors and aliases')]);
  }
  const parsed = parseWithSchema(raw, source);
  if (!parsed.answers) {
    const more = await rulesBesideSchemaIssues(raw, parsed.issues, source, baseDir, { env, canPrompt: options.canPrompt ?? false });
    throw new AnswersError([...parsed.issues, ...more]);
  }

  const answers = resolveAnswersPaths(parsed.answers, baseDir);
  const ruleIssues = await checkRules(answers, source, { env, canPrompt: options.canPrompt ?? false });
  if (ruleIssues.length > 0) throw new AnswersError(ruleIssues);

  return {
    answers,
    file: path.resolve(file),
    baseDir,
    fingerprint: answersFingerprint(answers),
    secrets: createSecretResolver(answers, env, source),
  };
}

/** Reads and validates an answers file; throws AnswersError listing every issue. */
export async function loadAnswers(file: string, options: LoadAnswersOptions = {}): Promise<LoadedAnswers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new AnswersError([fileIssue(file, `cannot read the answers file (${reason})`, 'check the path, or create one with: st-cluster answers init --out FILE')]);
  }
  return parseAnswersText(text, file, options);
}
