// The operator at the terminal (engine's Operator port): the failed-check menu
// and step 7 by hand. Output pauses the reporter's spinner while a question is open.
import chalk from 'chalk';
import type { FailedCheckView, Operator, StepInRun } from '../engine/types.js';
import { runRedactor, type Redactor } from '../journal/redact.js';
import { waitForRegistration } from './manual-register.js';
import type { Prompter } from './prompter.js';

export interface Screen {
  write(text: string): void;
  /** Stop spinners before a question; resume them after. */
  pause(): void;
  resume(): void;
}

type Answer = Awaited<ReturnType<Operator['onFailedChecks']>>;
type MenuChoice = 'retry' | 'fix' | 'accept' | 'abort';

const where = (f: FailedCheckView): string => (f.node ? `${f.id} on ${f.node}` : f.id);
const riskId = (f: FailedCheckView): string => (f.node ? `${f.id}@${f.node}` : f.id);

export function createOperator(prompter: Prompter, screen: Screen, options: { pollMs?: number; tickMs?: number; redactor?: Redactor } = {}): Operator {
  const redactor = options.redactor ?? runRedactor;
  return {
    async onFailedChecks(step, failures) {
      screen.pause();
      try {
        // The menu's choices reach the prompt library, not screen.write: redacted here, once.
        return await failedCheckMenu(prompter, screen, step, redactor.value(failures));
      } finally {
        screen.resume();
      }
    },
    async manualRegistration(info, listed, signal) {
      screen.pause();
      try {
        return await waitForRegistration(prompter, (text) => screen.write(text), info, listed, signal, options);
      } finally {
        screen.resume();
      }
    },
  };
}

async function failedCheckMenu(prompter: Prompter, screen: Screen, step: StepInRun, failures: readonly FailedCheckView[]): Promise<Answer> {
  const line = (text: string): void => screen.write(`${text}\n`);
  line('');
  line(chalk.red.bold(`Step ${step.number} (${step.title}): ${failures.length} check(s) failed. Nothing has been changed by this step.`));
  for (const f of failures) line(`  ${chalk.red('✖')} ${where(f)}: ${f.detail}`);
  for (;;) {
    const choice = await prompter.choose<MenuChoice>({
      message: 'What now?',
      choices: [
        { value: 'retry', name: 'Retry the checks', description: 'after you have fixed the problem' },
        { value: 'fix', name: 'Show the fix', description: 'what to do about each failure' },
        { value: 'accept', name: 'Accept the risk', description: 'go on despite one failure; your reason is recorded' },
        { value: 'abort', name: 'Abort', description: 'stop here; nothing more is changed' },
      ],
      default: 'retry',
    });
    if (choice === 'retry' || choice === 'abort') return { choice };
    if (choice === 'fix') {
      for (const f of failures) line(`  ${chalk.bold(where(f))}\n    fix: ${f.fix ?? 'no fix is known; see the detail above.'}`);
      continue;
    }
    const accepted = await acceptRisk(prompter, failures);
    if (accepted) return accepted;
  }
}

async function acceptRisk(prompter: Prompter, failures: readonly FailedCheckView[]): Promise<Answer | null> {
  let ids: string[];
  if (failures.length === 1) {
    ids = [riskId(failures[0]!)];
  } else {
    const picked = await prompter.choose<string>({
      message: 'Accept the risk of which failure?',
      choices: [
        ...failures.map((f) => ({ value: riskId(f), name: where(f), description: f.detail })),
        { value: '', name: 'None — back to the menu' },
      ],
    });
    if (picked === '') return null;
    ids = [picked];
  }
  const reason = await prompter.text({
    message: `Why is it safe to go on despite ${ids.join(', ')}? (recorded in the journal)`,
    validate: (value) => (value.trim().length >= 3 ? true : 'Give a reason of a few words; it is recorded.'),
  });
  return { choice: 'accept', ids, reason: reason.trim() };
}
