// Drives a multi-prompt flow on @inquirer/testing's screen: wait for a question,
// then answer it. Import '@inquirer/testing/vitest' in the test file before this.
import type { screen as sharedScreen } from '@inquirer/testing/vitest';

type Screen = typeof sharedScreen;

export async function waitFor(screen: Screen, expected: string | RegExp, tries = 50): Promise<string> {
  for (let i = 0; i < tries; i += 1) {
    const now = screen.getScreen();
    if (typeof expected === 'string' ? now.includes(expected) : expected.test(now)) return now;
    await Promise.race([screen.next(), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  throw new Error(`the screen never showed ${String(expected)}; it shows:\n${screen.getScreen()}`);
}

/** Waits for `question`, types `text` (after clearing a pre-filled default when asked to) and presses enter. */
export async function answer(screen: Screen, question: string | RegExp, text: string, options: { clearDefault?: boolean } = {}): Promise<void> {
  await waitFor(screen, question);
  if (options.clearDefault) screen.keypress({ name: 'u', ctrl: true });
  if (text) screen.type(text);
  screen.keypress('enter');
}

/** Waits for a menu, moves down `downs` times and picks that entry. */
export async function pick(screen: Screen, question: string | RegExp, downs: number): Promise<void> {
  await waitFor(screen, question);
  for (let i = 0; i < downs; i += 1) screen.keypress('down');
  screen.keypress('enter');
}
