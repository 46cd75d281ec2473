// A spinner for quiet work the operator waits on (the read-only dry run before
// the plan summary); plain lines without a TTY.
import chalk from 'chalk';
import ora from 'ora';

export interface Activity {
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

export function startActivity(text: string, options: { tty: boolean; write?: (text: string) => void }): Activity {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  if (!options.tty) {
    write(`${text}\n`);
    return { succeed: (t) => write(`${t}\n`), fail: (t) => write(`${t}\n`), stop: () => undefined };
  }
  const spinner = ora({ text, discardStdin: false }).start();
  return {
    succeed: (t) => void spinner.succeed(t),
    fail: (t) => void spinner.fail(chalk.red(t)),
    stop: () => void spinner.stop(),
  };
}

/** Cursor shown again (ora hides it): the terminal as the operator left it. */
export function restoreTerminal(stream: NodeJS.WriteStream = process.stdout): void {
  if (stream.isTTY) stream.write('\u001b[?25h');
}
