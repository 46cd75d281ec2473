// "Did you mean …?" for unknown keys: the valid keys are read from the zod
// schema itself, so the hint can never drift from the contract.
import { answersSchema } from './schema.js';
import type { KeyPath } from './yaml-source.js';

interface SchemaLike {
  _zod: { def: { type: string; shape?: Record<string, SchemaLike>; innerType?: SchemaLike; element?: SchemaLike; options?: SchemaLike[] } };
}

function unwrap(schema: SchemaLike): SchemaLike[] {
  const def = schema._zod.def;
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/** The keys a mapping at `path` may hold, or [] when the schema has no fixed keys there. */
export function knownKeysAt(path: KeyPath): string[] {
  let current: SchemaLike[] = unwrap(answersSchema as unknown as SchemaLike);
  for (const segment of path) {
    current = current.flatMap((schema) => {
      const def = schema._zod.def;
      if (typeof segment === 'number') return def.type === 'array' && def.element ? unwrap(def.element) : [];
      const child = def.type === 'object' ? def.shape?.[segment] : undefined;
      return child ? unwrap(child) : [];
    });
  }
  return [...new Set(current.flatMap((schema) => Object.keys(schema._zod.def.shape ?? {})))];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const wanted = unknown.toLowerCase().replace(/[-_]/g, '');
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const score = distance(wanted, key.toLowerCase());
    if (score <= Math.max(2, Math.floor(key.length / 3)) && (!best || score < best.score)) best = { key, score };
  }
  return best?.key;
}
