// Read-only questions about SecureTransport on a node. Pid files, not status
// scripts: the status scripts only work while Admin runs (docs/st-facts.md). Every
// answer is tri-state: a probe that could not look says so, never "not running".
import { posix } from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';
import { CouldNotLookError } from '../engine/errors.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import { DAEMONS, layout, SCRIPT_TARGETS, type Service } from '../st/layout.js';
import { causeOf } from './result.js';
import { known, probeRead, probeSha256, probeStat } from './probe.js';
import { memoKey } from '../engine/memo.js';

const cutInstallFinished = (node: NodeRef) => memoKey<true>(`st.cut-install-finished.${node.name}`);
const FIRST_TAEH = memoKey<Promise<string | null>>('st.first-taeh');

export const stPath = (ctx: RunContext, relative: string): string => posix.join(ctx.answers.cluster.installDir, relative);

export type ServiceProbe = { state: 'running'; pid: string } | { state: 'stopped' } | { state: 'unknown'; cause: string };

export async function serviceState(adapter: NodeAdapter, installDir: string, service: Service): Promise<ServiceProbe> {
  const file = posix.join(installDir, layout.pidFile(service));
  const read = await probeRead(adapter, file);
  if (read.state === 'absent') return { state: 'stopped' };
  if (read.state === 'unknown') return { state: 'unknown', cause: `${service} pid file: ${read.cause}` };
  const pid = read.value.trim();
  // An empty or garbled pid file names no process to look for.
  if (!/^\d+$/.test(pid)) return { state: 'stopped' };
  // ps works across users where kill -0 would answer EPERM for ST's own account.
  let result;
  try {
    result = await adapter.exec(['ps', '-p', pid, '-o', 'pid='], { kind: 'read', timeoutMs: 30_000 });
  } catch (error) {
    return { state: 'unknown', cause: `ps -p ${pid} (${service}): ${causeOf(error, adapter.node)}` };
  }
  if (result.exitCode === 0 && result.stdout.trim() === pid) return { state: 'running', pid };
  // procps: exit 1 with no output is "no such process"; anything else is ps failing.
  if (result.exitCode === 1 && result.stdout.trim() === '' && result.stderr.trim() === '') return { state: 'stopped' };
  return { state: 'unknown', cause: `ps -p ${pid} (${service}) exited ${result.exitCode}${result.stderr.trim() ? `: ${result.stderr.trim().split('\n').pop()}` : ''}` };
}

export async function serviceStates(adapter: NodeAdapter, installDir: string, services: readonly Service[]): Promise<Map<Service, ServiceProbe>> {
  const states = await Promise.all(services.map((s) => serviceState(adapter, installDir, s)));
  return new Map(services.map((s, i) => [s, states[i]!]));
}

/** true/false, or a CouldNotLookError when the node could not be looked at (a wait then keeps waiting; a check fails). */
export async function serviceAlive(adapter: NodeAdapter, installDir: string, service: Service): Promise<boolean> {
  const probe = await serviceState(adapter, installDir, service);
  if (probe.state === 'unknown') throw new CouldNotLookError(adapter.node, service, probe.cause);
  return probe.state === 'running';
}

/** The services that run; throws CouldNotLookError if any one could not be looked at. */
export async function runningServices(adapter: NodeAdapter, installDir: string, services: readonly Service[]): Promise<Service[]> {
  const states = await serviceStates(adapter, installDir, services);
  const unknown = [...states.values()].filter((s) => s.state === 'unknown');
  if (unknown.length > 0) throw new CouldNotLookError(adapter.node, services.join(', '), unknown.map((u) => u.cause).join('; '));
  return services.filter((s) => states.get(s)?.state === 'running');
}

/** Every file a later step uses, from layout: the version file, taeh and each start/stop script steps run. */
export const installFiles = (): string[] => [
  layout.versionFile,
  layout.taeh,
  ...SCRIPT_TARGETS.flatMap((target) => (['start', 'stop'] as const).map((verb) => layout.script(verb, target))),
];

const INSTALL_STEPS = new Set(['install-first', 'install-others']);

export type InstallProbe =
  | { state: 'installed'; version: string }
  | { state: 'absent' }
  | { state: 'partial'; version: string | null; missing: string[] }
  | { state: 'unknown'; cause: string };

/** Installed means fully installed: every install file present and no install command of this node cut while it ran. */
/** Installed means fully installed: every install file present and no install command of this node cut while it ran. */
export async function installState(ctx: RunContext, node: NodeRef): Promise<InstallProbe> {
  const adapter = ctx.adapter(node);
  const files = installFiles();
  const [version, ...stats] = await Promise.all([probeRead(adapter, stPath(ctx, layout.versionFile)), ...files.slice(1).map((f) => probeStat(adapter, stPath(ctx, f)))]);
  const probes = [version, ...stats];
  const unknown = probes.flatMap((p, i) => (p.state === 'unknown' ? [`${files[i]}: ${p.cause}`] : []));
  if (unknown.length > 0) return { state: 'unknown', cause: unknown.slice(0, 3).join('; ') + (unknown.length > 3 ? `; and ${unknown.length - 3} more` : '') };
  const text = version.state === 'present' ? version.value.trim() : '';
  const missing = files.filter((f, i) => probes[i]!.state === 'absent' || (i === 0 && text === ''));
  const cut = (ctx.interrupted ?? []).filter((a) => a.node === node.name && INSTALL_STEPS.has(a.step) && (a.kind === undefined || a.kind === 'exec'));
  // Nothing on disk: a cut install that wrote nothing leaves the node simply not installed.
  if (missing.length === files.length) return { state: 'absent' };
  if (missing.length === 0 && cut.length === 0) return { state: 'installed', version: text };
  if (missing.length === 0) {
    // A run killed while its installer ran may have left it to finish: its last act is
    // starting Admin (docs/st-facts.md), so a running Admin proves this install ended. Proven once per run.
    const proof = cutInstallFinished(node);
    if (ctx.memo.get(proof) === true) return { state: 'installed', version: text };
    const admin = await serviceState(adapter, ctx.answers.cluster.installDir, 'admin');
    if (admin.state === 'unknown') return { state: 'unknown', cause: admin.cause };
    if (admin.state === 'running') {
      ctx.memo.set(proof, true);
      return { state: 'installed', version: text };
    }
  }
  const reasons = [...missing, ...cut.map((a) => `install action ${a.id}${a.summary ? ` (${a.summary})` : ''} was cut while it ran${missing.length === 0 ? ' and Admin never came up after it' : ''}`)];
  return { state: 'partial', version: text || null, missing: reasons };
}

/** The installed version, null when not (fully) installed; throws CouldNotLookError when it could not look. */
export async function installedVersion(ctx: RunContext, node: NodeRef): Promise<string | null> {
  const probe = await installState(ctx, node);
  if (probe.state === 'unknown') throw new CouldNotLookError(node.name, 'the install', probe.cause);
  return probe.state === 'installed' ? probe.version : null;
}

/** The node's taeh checksum, null when absent; throws CouldNotLookError when it could not look. */
export async function taehChecksum(ctx: RunContext, node: NodeRef): Promise<string | null> {
  return known(node.name, layout.taeh, await probeSha256(ctx.adapter(node), stPath(ctx, layout.taeh)));
}

/** The first node's taeh checksum, once per run: the reference every other node must match. */
export function firstTaeh(ctx: RunContext): Promise<string | null> {
  const first = ctx.nodes.find((n) => n.first)!;
  return ctx.memo.once(FIRST_TAEH, () => taehChecksum(ctx, first));
}

export const firstNode = (ctx: RunContext): NodeRef => ctx.nodes.find((n) => n.first)!;

export { DAEMONS };
