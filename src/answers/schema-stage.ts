// Stage 2: zod safe-parse of the raw YAML value; every zod issue becomes an
// AnswersIssue at the YAML range of its key path (changesets' staged parsing).
import type { z } from 'zod';
import { answersSchema, sshOptionAllowList } from './schema.js';
import type { Answers } from './schema.js';
import type { AnswersIssue } from './errors.js';
import { issueCollector } from './issue.js';
import type { IssueSink } from './issue.js';
import { closestKey, knownKeysAt } from './known-keys.js';
import { checkSecretRefShapes, secretKeys, secretRefFix } from './secret-refs.js';
import { dotted } from './yaml-source.js';
import type { AnswersSource, KeyPath } from './yaml-source.js';

// Some tools mark the first node with a flag; here the first node is simply the
// first one listed (DESIGN.md "Answers file"), so a flag is refused with that reason.
const firstNodeFlags = new Set(['first', 'isFirst', 'firstNode', 'primary', 'master']);

function valueAt(raw: unknown, path: KeyPath): unknown {
  let value = raw;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function reportUnknownKey(path: KeyPath, key: string, report: IssueSink): void {
  const where = [...path, key];
  const isNode = path.length === 2 && path[0] === 'nodes' && typeof path[1] === 'number';
  if (isNode && firstNodeFlags.has(key)) {
    const fix =
      path[1] === 0
        ? `remove "${key}": nodes.0 is the first node already`
        : `remove "${key}" and move this node to the top of nodes: the first node listed is the first node`;
    report(where, `unknown key "${key}": there is no first-node flag, the first node is the first in the list`, fix, 'key');
    return;
  }
  const sshOptions = path.length === 4 && path[2] === 'ssh' && path[3] === 'options';
  // Options outside the allow-list (StrictHostKeyChecking, ProxyCommand, …) would weaken what st-cluster enforces.
  const known = sshOptions ? [...sshOptionAllowList] : knownKeysAt(path);
  const suggestion = closestKey(key, known);
  const fix = suggestion
    ? `did you mean "${suggestion}"? Rename or remove "${key}"`
    : known.length > 0
      ? `remove "${key}"; allowed here: ${known.join(', ')}`
      : `remove "${key}"`;
  report(where, `unknown key "${key}"`, fix, 'key');
}

function describeExpected(expected: string): string {
  return expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`;
}

function reportZodIssue(issue: z.core.$ZodIssue, raw: unknown, report: IssueSink): void {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const key = dotted(path) || 'the document';
  const secret = secretKeys.find((name) => name === dotted(path));
  if (secret && valueAt(raw, path) === undefined) {
    report(path, 'required key is missing (a secret reference)', secretRefFix(secret).replace(/^use/, `add "${String(path.at(-1))}:" with`));
    return;
  }
  if (issue.code === 'invalid_value' && path.length > 0 && valueAt(raw, path) === undefined) {
    report(path, 'required key is missing', `add "${key}: ${issue.values.map(String).join(' or ')}"`);
    return;
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const unknownKey of issue.keys) reportUnknownKey(path, unknownKey, report);
      return;
    case 'invalid_type': {
      const present = valueAt(raw, path);
      if (path.length === 0) {
        const message = present === null || present === undefined ? 'the file is empty' : 'the answers file must be a YAML mapping';
        report(path, message, 'start from the template: st-cluster answers init --out cluster.yaml');
      } else if (present === undefined) {
        report(path, `required key is missing (${describeExpected(issue.expected)})`, `add "${String(path.at(-1))}:" here`);
      } else {
        report(path, `expected ${describeExpected(issue.expected)}`, `set ${key} to ${describeExpected(issue.expected)}`);
      }
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(' | ');
      report(path, `must be ${allowed}`, `set ${key}: ${issue.values.map(String).join(' or ')}`);
      return;
    }
    case 'invalid_format': {
      const message = /^Invalid/.test(issue.message) ? issue.message : `must be ${issue.message}`;
      report(path, message, `correct ${key}`);
      return;
    }
    case 'too_small':
      if (dotted(path) === 'nodes') {
        report(path, 'at least one node is required; the first node listed is the first node', 'list the nodes under nodes:, the first node first');
        return;
      }
      report(path, issue.message, `correct ${key}`);
      return;
    case 'invalid_union':
      report(path, 'matches none of the allowed forms', `correct ${key} (the forms are listed in schema/answers.schema.json)`);
      return;
    default:
      report(path, issue.message, `correct ${key}`);
  }
}

export function parseWithSchema(raw: unknown, source: AnswersSource): { answers?: Answers; issues: AnswersIssue[] } {
  const { issues, report } = issueCollector(source);
  const handledSecrets = checkSecretRefShapes(raw, report);
  const result = answersSchema.safeParse(raw);
  if (result.success && issues.length === 0) return { answers: result.data, issues };
  for (const issue of result.success ? [] : result.error.issues) {
    const key = dotted(issue.path.filter((s): s is string | number => typeof s !== 'symbol'));
    if ([...handledSecrets].some((secret) => key === secret || key.startsWith(`${secret}.`))) continue;
    reportZodIssue(issue, raw, report);
  }
  return { issues };
}
