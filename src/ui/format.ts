// Plain-text shapes shared by the human reporter and the plan renderer.
import type { RunEvent } from '../engine/events.js';

type ActionEvent = Extract<RunEvent, { type: 'action' }>;

export function describeAction(event: ActionEvent): string[] {
  const d = event.detail ?? {};
  const lines: string[] = [];
  const transient = (d.transient as { path: string; mode: number; note: string }[] | undefined) ?? [];
  for (const t of transient) lines.push(`write ${t.path} (mode ${octal(t.mode)}; ${t.note})`);
  const env = Object.entries((d.env as Record<string, string> | undefined) ?? {}).map(([k, v]) => `${k}=${quoteForDisplay(v)} `).join('');
  if (Array.isArray(d.argv)) lines.push(`run   ${env}${(d.argv as string[]).map(quoteForDisplay).join(' ')}${budget(d.timeoutSeconds)}`);
  if (Array.isArray(d.forced)) lines.push(`      still running after ${budgetText(Number(d.timeoutSeconds))}: ${(d.forced as string[]).map(quoteForDisplay).join(' ')}${budget(d.timeoutSeconds)}`);
  if (event.kind === 'copy') {
    const sha = typeof d.sha256 === 'string' ? `, sha256 ${d.sha256.slice(0, 12)}…` : '';
    lines.push(`copy  → ${String(d.path)} (mode ${octal(Number(d.mode))}${sha})`);
  }
  if (event.kind === 'api') lines.push(`call  ${String(d.method)} ${String(d.url)}`);
  if (event.kind === 'wait') lines.push(`wait  ${event.summary}${budget(d.timeoutSeconds)}`);
  return lines;
}

/** The most an action may take, as the plan shows it: "(up to 10 min)". */
const budget = (seconds: unknown): string => (typeof seconds === 'number' ? `  (up to ${budgetText(seconds)})` : '');
const budgetText = (seconds: number): string => (seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

export const octal = (mode: number): string => `0${mode.toString(8)}`;

export function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
