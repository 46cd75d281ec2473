// The journal stores a fingerprint of the answers and refuses a resume when it
// changed; diffAnswersKeys says which keys did. Secrets stay references here.
import { createHash } from 'node:crypto';
import type { Answers } from './schema.js';
import { secretKeys } from './secret-refs.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with object keys sorted at every depth and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function answersFingerprint(answers: Answers): string {
  return createHash('sha256').update(canonicalJson(answers)).digest('hex');
}

const leafPaths = new Set<string>(secretKeys);

/** Dotted key paths whose values differ between a and b (leaves; a secret reference counts as one leaf). */
export function diffAnswersKeys(a: Answers, b: Answers): string[] {
  const changed: string[] = [];
  const walk = (left: unknown, right: unknown, path: string): void => {
    const bothObjects = isPlainObject(left) && isPlainObject(right);
    const bothArrays = Array.isArray(left) && Array.isArray(right);
    if (!leafPaths.has(path) && (bothObjects || bothArrays)) {
      const keys = bothArrays
        ? Array.from({ length: Math.max(left.length, right.length) }, (_, i) => String(i))
        : [...new Set([...Object.keys(left as object), ...Object.keys(right as object)])].sort();
      for (const key of keys) {
        walk((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    if (canonicalJson(left) !== canonicalJson(right)) changed.push(path);
  };
  walk(a, b, '');
  return changed;
}
