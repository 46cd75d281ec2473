// One-pass validation (issue 15 item 4): when the schema refuses some keys, the
// cross-field rules still judge what they can, so an operator fixes everything in
// one round. Each section that passes its own schema is judged with its defaults;
// a rule that trips over a refused section (it throws) is left out, and no rule
// speaks about a key the schema already refused.
import type { AnswersIssue } from './errors.js';
import { issueCollector } from './issue.js';
import { resolveAnswersPaths } from './paths.js';
import { answersRules, type RuleOptions } from './rules.js';
import { answersSchema, type Answers } from './schema.js';
import type { AnswersSource } from './yaml-source.js';

/** Every top-level section parsed on its own: the valid ones with their defaults, the others as written. */
function bestEffort(raw: unknown): Answers {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...input };
  for (const [key, schema] of Object.entries(answersSchema.shape)) {
    const parsed = schema.safeParse(input[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Answers;
}

const overlaps = (a: string, b: string): boolean => a === '' || b === '' || a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`);

export async function rulesBesideSchemaIssues(raw: unknown, schemaIssues: readonly AnswersIssue[], source: Pick<AnswersSource, 'file' | 'locate'>, baseDir: string, options: RuleOptions): Promise<AnswersIssue[]> {
  let answers = bestEffort(raw);
  try {
    answers = resolveAnswersPaths(answers, baseDir);
  } catch {
    // Paths stay as written: rules that need them absolute trip and are left out.
  }
  const judged: AnswersIssue[] = [];
  for (const rule of answersRules) {
    const { issues, report } = issueCollector(source);
    try {
      await rule({ answers, report, env: options.env, canPrompt: options.canPrompt });
    } catch {
      continue;
    }
    judged.push(...issues);
  }
  return judged.filter((issue) => !schemaIssues.some((s) => overlaps(s.keyPath, issue.keyPath)));
}
