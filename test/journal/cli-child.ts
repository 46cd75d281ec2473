// The built CLI as a child in its own process group, read event by event, so a
// test can SIGKILL the whole run (the CLI and whatever it runs on the lab's
// nodes at that moment) exactly when a boundary shows on its NDJSON stream.
import { spawn } from 'node:child_process';
import { CLI } from '../support/lab.js';

export type CliEvent = Record<string, unknown> & { type: string };

export interface CliChild {
  pid: number;
  events: CliEvent[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first event (already seen or still to come) that matches, or undefined when the run ends first. */
  waitFor(match: (event: CliEvent) => boolean, timeoutMs?: number): Promise<CliEvent | undefined>;
  /** Calls onEvent for every event as it arrives; returning true SIGKILLs the process group at once. */
  killWhen(onEvent: (event: CliEvent) => boolean): void;
  killGroup(): void;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export function startCli(args: string[], env: Record<string, string> = {}): CliChild {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  const events: CliEvent[] = [];
  const listeners = new Set<(event: CliEvent) => void>();
  let out = '';
  let err = '';
  let partial = '';
  let killed = false;
  const killGroup = (): void => {
    if (killed) return;
    killed = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as CliEvent;
      events.push(event);
      for (const listener of listeners) listener(event);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, ms: performance.now() - started })),
  );
  return {
    pid: child.pid!,
    events,
    stdout: () => out,
    stderr: () => err,
    killGroup,
    exit,
    killWhen(onEvent) {
      listeners.add((event) => {
        if (!killed && onEvent(event)) killGroup();
      });
    },
    waitFor(match, timeoutMs = 60_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const timer = setTimeout(() => done(undefined), timeoutMs);
        const listener = (event: CliEvent): void => {
          if (match(event)) done(event);
        };
        const done = (value: CliEvent | undefined): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(value);
        };
        listeners.add(listener);
        void exit.then(() => done(events.find(match)));
      });
    },
  };
}
