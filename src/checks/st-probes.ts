// Read-only questions about SecureTransport on a node. Pid files, not status
// scripts: the status scripts only work while Admin runs (ST-FACTS.md).
import { posix } from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import { DAEMONS, layout, type Service } from '../st/layout.js';
import { memo } from './result.js';

export const stPath = (ctx: RunContext, relative: string): string => posix.join(ctx.answers.cluster.installDir, relative);

export async function serviceAlive(adapter: NodeAdapter, installDir: string, service: Service): Promise<boolean> {
  let text: string;
  try {
    text = new TextDecoder().decode(await adapter.readFile(posix.join(installDir, layout.pidFile(service))));
  } catch {
    return false;
  }
  const pid = text.trim();
  if (!/^\d+$/.test(pid)) return false;
  // ps works across users where kill -0 would answer EPERM for ST's own account.
  const result = await adapter.exec(['ps', '-p', pid, '-o', 'pid='], { kind: 'read' });
  return result.exitCode === 0 && result.stdout.trim() === pid;
}

export async function runningServices(adapter: NodeAdapter, installDir: string, services: readonly Service[]): Promise<Service[]> {
  const alive = await Promise.all(services.map((s) => serviceAlive(adapter, installDir, s)));
  return services.filter((_, i) => alive[i]);
}

export async function installedVersion(ctx: RunContext, node: NodeRef): Promise<string | null> {
  const adapter = ctx.adapter(node);
  try {
    const version = new TextDecoder().decode(await adapter.readFile(stPath(ctx, layout.versionFile))).trim();
    const taeh = await adapter.stat(stPath(ctx, layout.taeh));
    return taeh.exists && version ? version : null;
  } catch {
    return null;
  }
}

export function taehChecksum(ctx: RunContext, node: NodeRef): Promise<string | null> {
  return ctx.adapter(node).sha256(stPath(ctx, layout.taeh));
}

/** The first node's taeh checksum, once per run: the reference every other node must match. */
export function firstTaeh(ctx: RunContext): Promise<string | null> {
  const first = ctx.nodes.find((n) => n.first)!;
  return memo(ctx.memo, 'st.first-taeh', () => taehChecksum(ctx, first));
}

export const firstNode = (ctx: RunContext): NodeRef => ctx.nodes.find((n) => n.first)!;

export { DAEMONS };
