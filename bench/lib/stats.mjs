// Small helpers: median, formatting, timing a child process.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
export const ratio = (x) => `${x.toFixed(2)}×`;

/** Runs argv to completion; resolves {code, wallMs, stdout, stderr, lines: [{t, line}]} (t = ms since spawn). */
export function timed(argv, { env, cwd, onLine, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const lines = [];
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString('utf8');
      stdout += text;
      pending += text;
      const parts = pending.split('\n');
      pending = parts.pop();
      const t = performance.now() - t0;
      for (const line of parts) {
        lines.push({ t, line });
        onLine?.(line, t);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGTERM'), timeoutMs) : undefined;
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, wallMs: performance.now() - t0, stdout, stderr, lines });
    });
  });
}
