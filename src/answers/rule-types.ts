import type { IssueSink } from './issue.js';
import type { Answers } from './schema.js';

export interface RuleContext {
  /** Answers after defaults and with jump-host paths made absolute. */
  answers: Answers;
  report: IssueSink;
  env: NodeJS.ProcessEnv;
  /** True only when a person can answer a prompt (a TTY). */
  canPrompt: boolean;
}

/** A cross-field rule: small, named, reports through ctx.report and never throws for bad answers. */
export type Rule = (ctx: RuleContext) => void | Promise<void>;
