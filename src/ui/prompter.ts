// The one Prompter (STYLE.md rule 3): every question the wizard asks goes
// through this port; only this file imports the prompt library.
import { confirm, input, password, select } from '@inquirer/prompts';
import { InterruptedError } from '../engine/errors.js';

/** A validator returns true, or the message shown under the prompt. */
export type Validate = (value: string) => true | string | Promise<true | string>;

export interface TextQuestion {
  message: string;
  default?: string;
  validate?: Validate;
  signal?: AbortSignal;
}

export interface SecretQuestion {
  message: string;
  validate?: Validate;
}

export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface ChooseQuestion<T extends string> {
  message: string;
  choices: readonly Choice<T>[];
  default?: T;
  /** Aborting withdraws the question: the promise rejects with PromptAborted. */
  signal?: AbortSignal;
  /** Erase the question from the terminal once answered (menus that repeat). */
  clear?: boolean;
}

export interface Prompter {
  text(question: TextQuestion): Promise<string>;
  /** Masked input; the value is never echoed, not even on the answered line. */
  secret(question: SecretQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  choose<T extends string>(question: ChooseQuestion<T>): Promise<T>;
}

/** The question was withdrawn by its AbortSignal (not by the operator). */
export class PromptAborted extends Error {
  constructor() {
    super('The question was withdrawn.');
    this.name = 'PromptAborted';
  }
}

// Ctrl-C at a prompt (inquirer's ExitPromptError) is an interruption like Ctrl-C
// during a step: exit 130, no stack trace (DESIGN.md "Exit codes").
function translate(error: unknown): never {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'ExitPromptError') throw new InterruptedError();
  if (name === 'AbortPromptError') throw new PromptAborted();
  throw error;
}

const signalContext = (signal: AbortSignal | undefined, clear = false): { signal?: AbortSignal; clearPromptOnDone?: boolean } => ({
  ...(signal ? { signal } : {}),
  ...(clear ? { clearPromptOnDone: true } : {}),
});

export class InquirerPrompter implements Prompter {
  async text(question: TextQuestion): Promise<string> {
    const config = {
      message: question.message,
      ...(question.default !== undefined && question.default !== '' ? { default: question.default } : {}),
      ...(question.validate ? { validate: question.validate } : {}),
    };
    return input(config, signalContext(question.signal)).catch(translate);
  }

  async secret(question: SecretQuestion): Promise<string> {
    const config = { message: question.message, mask: '*', ...(question.validate ? { validate: question.validate } : {}) };
    return password(config).catch(translate);
  }

  async confirm(question: ConfirmQuestion): Promise<boolean> {
    return confirm({ message: question.message, default: question.default ?? false }).catch(translate);
  }

  async choose<T extends string>(question: ChooseQuestion<T>): Promise<T> {
    const config = {
      message: question.message,
      choices: question.choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })),
      ...(question.default !== undefined ? { default: question.default } : {}),
    };
    return select<T>(config, signalContext(question.signal, question.clear)).catch(translate);
  }
}
