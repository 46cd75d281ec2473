import type { AnswersIssue } from './errors.js';
import { dotted } from './yaml-source.js';
import type { AnswersSource, KeyPath } from './yaml-source.js';

/** Builds an issue located at a key path of the source (nearest parent when the key is missing). */
export function issueAt(
  source: Pick<AnswersSource, 'file' | 'locate'>,
  path: KeyPath,
  message: string,
  fix: string,
  at: 'key' | 'value' = 'value',
): AnswersIssue {
  const { line, col } = source.locate(path, at);
  return { file: source.file, line, col, keyPath: dotted(path), message, fix };
}

export type IssueSink = (path: KeyPath, message: string, fix: string, at?: 'key' | 'value') => void;

/** Collects issues against one source; rules call `report(path, message, fix)`. */
export function issueCollector(source: Pick<AnswersSource, 'file' | 'locate'>): { issues: AnswersIssue[]; report: IssueSink } {
  const issues: AnswersIssue[] = [];
  const report: IssueSink = (path, message, fix, at) => {
    issues.push(issueAt(source, path, message, fix, at));
  };
  return { issues, report };
}
