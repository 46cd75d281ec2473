// Every problem in an answers file says where (file:line:col and the YAML key
// path) and how to fix it (STYLE.md rule 6). The CLI maps AnswersError to exit 2.

export interface AnswersIssue {
  file: string;
  /** 1-based line of the offending YAML node (or its nearest existing parent). */
  line: number;
  /** 1-based column. */
  col: number;
  /** Dotted key path, e.g. "nodes.1.address"; "" for file-level problems such as YAML syntax. */
  keyPath: string;
  message: string;
  fix: string;
}

export function formatIssue(issue: AnswersIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}`;
  const head = issue.keyPath ? `${where} ${issue.keyPath}: ${issue.message}` : `${where}: ${issue.message}`;
  return issue.fix ? `${head} (fix: ${issue.fix})` : head;
}

export function sortIssues(issues: readonly AnswersIssue[]): AnswersIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col || a.keyPath.localeCompare(b.keyPath));
}

export class AnswersError extends Error {
  override readonly name = 'AnswersError';
  readonly issues: AnswersIssue[];

  constructor(issues: readonly AnswersIssue[]) {
    const sorted = sortIssues(issues);
    const first = sorted[0];
    const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : '';
    super(first ? `${formatIssue(first)}${more}` : 'invalid answers file');
    this.issues = sorted;
  }

  /** One line per issue: `file:line:col key.path: message (fix: …)`. */
  format(): string {
    return this.issues.map(formatIssue).join('\n');
  }
}

export const isAnswersError = (error: unknown): error is AnswersError => error instanceof AnswersError;
