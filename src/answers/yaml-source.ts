// Stage 1: YAML text → document that keeps source ranges, so every later
// stage can say file:line:col for a key path (STACK.md: yaml keeps ranges).
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { AnswersIssue } from './errors.js';

export type KeyPath = readonly (string | number)[];

export interface Location {
  line: number;
  col: number;
  /** false when the key itself is missing and the location is its nearest existing parent. */
  exact: boolean;
}

export interface AnswersSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  /** `at: 'key'` points at the key of the last segment (unknown keys), else at its value. */
  locate(path: KeyPath, at?: 'key' | 'value'): Location;
}

export const dotted = (path: KeyPath): string => path.map(String).join('.');

export const splitKeyPath = (keyPath: string): (string | number)[] =>
  keyPath === '' ? [] : keyPath.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

export function parseAnswersSource(text: string, file: string): { source: AnswersSource; issues: AnswersIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);

  const issues: AnswersIssue[] = doc.errors.map((error) => {
    const { line, col } = position(error.pos[0]);
    return {
      file,
      line,
      col,
      keyPath: '',
      message: `YAML syntax: ${error.message.split('\n')[0] ?? error.code}`,
      fix: error.code === 'DUPLICATE_KEY' ? 'keep only one of the duplicated keys' : 'correct the YAML at this position',
    };
  });

  // The parser accepts an alias to a missing anchor; toJS() would fail later without a position.
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const { line, col } = position(alias.range?.[0] ?? 0);
      issues.push({ file, line, col, keyPath: '', message: `YAML: alias *${alias.source} has no anchor &${alias.source} before it`, fix: `define &${alias.source} earlier in the file or write the value` });
    },
  });

  const locate = (path: KeyPath, at: 'key' | 'value' = 'value'): Location => {
    let node: unknown = doc.contents;
    let best = { line: 1, col: 1 };
    const rangeOf = (candidate: unknown): { line: number; col: number } | undefined => {
      const range = (candidate as Node | null | undefined)?.range;
      return range ? position(range[0]) : undefined;
    };
    best = rangeOf(node) ?? best;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      const last = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        if (!pair) return { ...best, exact: false };
        const keyPos = rangeOf(pair.key);
        const valuePos = rangeOf(pair.value);
        if (last) return { ...((at === 'key' ? keyPos : (valuePos ?? keyPos)) ?? best), exact: true };
        // A missing child is reported at its parent's key line, which is where the reader looks.
        best = keyPos ?? valuePos ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        best = rangeOf(node) ?? best;
        if (last) return { ...best, exact: true };
      } else {
        return { ...best, exact: false };
      }
    }
    return { ...best, exact: path.length === 0 };
  };

  return { source: { file, text, doc, locate }, issues };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Line and column of a dotted key path in answers text (nearest existing parent when missing). */
export function answersKeyLocation(text: string, keyPath: string): Location {
  return parseAnswersSource(text, '<text>').source.locate(splitKeyPath(keyPath));
}
