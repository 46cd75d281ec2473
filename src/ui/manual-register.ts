// Step 7 by hand (DESIGN.md "Step 7", method manual): show the Admin Tool URL
// and the addresses in order, then poll cluster management until every address
// is listed, with a visible countdown and a way to give up.
import chalk from 'chalk';
import { InterruptedError } from '../engine/errors.js';
import { PromptAborted, type Prompter } from './prompter.js';

export interface RegistrationInfo {
  url: string;
  addresses: string[];
  timeoutMs: number;
}

export interface WaitTiming {
  /** How often cluster management is asked (default 3 s). */
  pollMs?: number;
  /** How often the countdown is redrawn (default 1 s). */
  tickMs?: number;
}

type WaitChoice = 'check' | 'give-up';

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, '0')}`;
}

export async function waitForRegistration(
  prompter: Prompter,
  write: (text: string) => void,
  info: RegistrationInfo,
  listed: () => Promise<string[]>,
  signal: AbortSignal,
  timing: WaitTiming = {},
): Promise<boolean> {
  const pollMs = timing.pollMs ?? 3000;
  const tickMs = timing.tickMs ?? 1000;
  const line = (text: string): void => write(`${text}\n`);
  line('');
  line(chalk.bold('Add the nodes to the cluster in the Admin Tool:'));
  line(`  1. Open ${chalk.cyan(info.url)} and sign in as the admin user.`);
  line('  2. Go to Server Configuration → Cluster Management and add these addresses, one at a time, in this order:');
  info.addresses.forEach((address, i) => line(`       ${i + 1}. ${chalk.bold(address)}${i === 0 ? '   (the first node itself)' : ''}`));
  line('     Add each address once: a duplicate is accepted by the Admin Tool but is invalid.');
  line('  3. Come back here: st-cluster checks the list by itself and goes on when every address is listed.');

  const deadline = Date.now() + info.timeoutMs;
  let lastPoll = Number.NEGATIVE_INFINITY;
  let present: string[] = [];
  let problem = '';
  for (;;) {
    if (signal.aborted) throw new InterruptedError();
    if (Date.now() - lastPoll >= pollMs) {
      lastPoll = Date.now();
      try {
        present = await listed();
        problem = '';
      } catch (error) {
        problem = `cluster management did not answer: ${(error as Error).message}`;
      }
    }
    const missing = info.addresses.filter((a) => !present.includes(a));
    if (missing.length === 0) {
      line(`  ${chalk.green('✔')} every address is listed by cluster management: ${info.addresses.join(', ')}`);
      return true;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      line(`  ${chalk.red('✖')} time is up: still missing ${missing.join(', ')}`);
      return false;
    }
    const status = problem || `${info.addresses.length - missing.length}/${info.addresses.length} listed; waiting for ${missing.join(', ')}`;
    const choice = await askWithTimeout(prompter, `${status} — ${formatCountdown(left)} left`, Math.min(tickMs, left), signal);
    if (choice === 'give-up') {
      line(`  ${chalk.yellow('!')} you gave up waiting; missing: ${missing.join(', ')}`);
      return false;
    }
    if (choice === 'check') lastPoll = Number.NEGATIVE_INFINITY;
  }
}

/** One redraw of the waiting question; withdrawn after `ms` so the countdown stays current. */
async function askWithTimeout(prompter: Prompter, message: string, ms: number, signal: AbortSignal): Promise<WaitChoice | 'tick'> {
  const tick = new AbortController();
  const timer = setTimeout(() => tick.abort(), ms);
  const onAbort = (): void => tick.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await prompter.choose<WaitChoice>({
      message,
      choices: [
        { value: 'check', name: 'Check now' },
        { value: 'give-up', name: 'Give up waiting (step 7 fails; run setup again to resume)' },
      ],
      signal: tick.signal,
      clear: true,
    });
  } catch (error) {
    if (error instanceof PromptAborted) return 'tick';
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
