// commander's own exits (help, version, usage errors) under exitOverride(): help and
// version are a success, every other one is a usage error (exit 2, README "Exit codes").
import { ExitCode } from './exit-codes.js';

interface CommanderExit {
  code: string;
  exitCode: number;
}

export function isCommanderExit(error: unknown): error is CommanderExit {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('commander.');
}

const SUCCESS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

export function commanderExitCode(error: CommanderExit): number {
  // A bare `st-cluster` prints the help as commander.help with exit code 1: no command given is a usage error.
  return SUCCESS.has(error.code) && error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
}
