// Plain-text shapes shared by the human reporter and the plan renderer.
import type { RunEvent } from '../engine/events.js';

type ActionEvent = Extract<RunEvent, { type: 'action' }>;

export function describeAction(event: ActionEvent): string[] {
  const d = event.detail ?? {};
  const lines: string[] = [];
  const transient = (d.transient as { path: string; mode: number; note: string }[] | undefined) ?? [];
  for (const t of transient) lines.push(`write ${t.path} (mode ${octal(t.mode)}; ${t.note})`);
  if (Array.isArray(d.argv)) lines.push(`run   ${(d.argv as string[]).map(quoteForDisplay).join(' ')}`);
  if (event.kind === 'copy') {
    const sha = typeof d.sha256 === 'string' ? `, sha256 ${d.sha256.slice(0, 12)}…` : '';
    lines.push(`copy  → ${String(d.path)} (mode ${octal(Number(d.mode))}${sha})`);
  }
  if (event.kind === 'api') lines.push(`call  ${String(d.method)} ${String(d.url)}`);
  if (event.kind === 'wait') lines.push(`wait  ${event.summary}`);
  return lines;
}

export const octal = (mode: number): string => `0${mode.toString(8)}`;

export function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
