// A real terminal for end-to-end runs of the built CLI: a private tmux server
// (its own socket, so parallel test runs never meet), fixed size, and
// capture-pane polled until the expected text shows.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export class Tmux {
  readonly socket = `st-wizard-${randomBytes(4).toString('hex')}`;
  private readonly target = 'wizard';

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `command` in a shell; the pane stays after it ends and shows EXIT=<code>. */
  start(command: string, options: { cwd: string; env?: Record<string, string>; cols?: number; rows?: number }): void {
    const env = Object.entries({ TERM: 'xterm-256color', NO_COLOR: '1', ...options.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // The shell outlives a Ctrl-C aimed at the command (a trap, unlike an ignore, is not inherited).
    const script = `trap : INT; ${command}; echo "EXIT=$?"; sleep 3600`;
    this.tmux('new-session', '-d', '-s', this.target, '-x', String(options.cols ?? 200), '-y', String(options.rows ?? 60), '-c', options.cwd, ...env, 'sh', '-c', script);
    this.tmux('set-option', '-t', this.target, 'history-limit', '20000');
  }

  /** Types literal text. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  /** Sends named keys: Enter, Down, C-c … */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** The whole scrollback, joined lines. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', this.target, '-S', '-20000');
  }

  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', this.target, '#{cursor_flag}').trim() === '1';
  }

  /** Polls the pane until `pattern` shows (counting only text after `after` occurrences). */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000, after = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      const found = typeof pattern === 'string' ? screen.split(pattern).length - 1 : (screen.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length;
      if (found > after) return screen;
      const exited = /EXIT=\d+/.exec(screen);
      if (Date.now() > deadline || (exited && !String(pattern).includes('EXIT'))) {
        throw new Error(`the terminal never showed ${String(pattern)}${exited ? ` (the command ended: ${exited[0]})` : ''}; it shows:\n${screen.split('\n').slice(-60).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The open question: the last prompt line (column 0, "?" open / "✔" answered) when it is still open. */
  private promptLines(): string[] {
    return this.capture()
      .split('\n')
      .filter((line) => /^[?✔] /.test(line));
  }

  async waitForQuestion(question: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.promptLines().at(-1) ?? '';
      if (last.startsWith('? ') && last.includes(question)) return;
      const screen = this.capture();
      if (Date.now() > deadline || /EXIT=\d+/.test(screen)) {
        throw new Error(`the question "${question}" never came; the terminal shows:\n${screen.split('\n').slice(-60).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits for the question to be open, sends the keys, waits for it to be answered. */
  private async respond(question: string, send: () => void, timeoutMs?: number): Promise<void> {
    await this.waitForQuestion(question, timeoutMs);
    const before = this.promptLines().length;
    send();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const lines = this.promptLines();
      if (lines.length > before || (lines.at(-1) ?? '').startsWith('✔ ')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`"${question}" was not accepted; the terminal shows:\n${this.capture().split('\n').slice(-30).join('\n')}`);
  }

  /** Answers an input question with `text` (empty: the default) and Enter. */
  async answer(question: string, text: string, timeoutMs?: number): Promise<void> {
    await this.respond(question, () => {
      if (text) this.type(text);
      this.keys('Enter');
    }, timeoutMs);
  }

  /** Picks the entry `downs` below the default of a menu. */
  async pick(question: string, downs: number, timeoutMs?: number): Promise<void> {
    await this.respond(question, () => {
      for (let i = 0; i < downs; i += 1) this.keys('Down');
      this.keys('Enter');
    }, timeoutMs);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone: nothing to clean
    }
  }
}
