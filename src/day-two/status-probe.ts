// Read-only facts for `st-cluster status`, gathered with the same probes the
// checks use. Nothing here writes: status must be safe to run at any moment.
import { admindCertFacts } from '../checks/admind-cert.js';
import { nodeReachable } from '../checks/node-checks.js';
import { TLS_OPTION } from '../checks/st-cluster-checks.js';
import { stLicensePresent } from '../checks/st-checks.js';
import { probeSha256 } from '../checks/probe.js';
import { causeOf } from '../checks/result.js';
import { DAEMONS, firstTaeh, installState, serviceState, stPath, type ServiceProbe } from '../checks/st-probes.js';
import { layout } from '../st/layout.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import { AdminApiError, type AdminApi } from '../st/admin-types.js';
import type { NodeFacts, ServiceState } from './verdict.js';

const unknownDaemons = (): Record<string, ServiceState> => Object.fromEntries(DAEMONS.map((d) => [d, 'unknown' as const]));
// A pid file that could not be read says nothing: unknown, never "down".
const stateOf = (probe: ServiceProbe): ServiceState => (probe.state === 'running' ? 'alive' : probe.state === 'stopped' ? 'down' : 'unknown');

/** A tri-state service probe, its "could not look" noted in `unread`. */
function noteUnknown(unread: string[], what: string, probe: ServiceProbe): ServiceProbe {
  if (probe.state === 'unknown') unread.push(`${what}: ${probe.cause}`);
  return probe;
}

/** The value, or null with "what: cause" added to `unread`: a probe that could not look is never taken for an answer. */
async function look<T>(unread: string[], what: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    unread.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * An Admin API call on a node whose Admin runs. Down or not operational yet (503) does
 * not tell; a refusal (401/403), an untrusted certificate or a malformed answer is a
 * fact not read.
 */
async function askAdmin<T>(unread: string[], what: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    const quiet = error instanceof AdminApiError && ['unavailable', 'not-found', 'unreachable'].includes(error.kind);
    if (!quiet) unread.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export type RegistrationListing = { addresses: string[]; via: string } | { addresses: null; error: string };

/** Every address cluster management lists, asked of the first node and then of the others: the listing lives in the shared DB. */
export async function registeredAddresses(ctx: RunContext): Promise<RegistrationListing> {
  const errors: string[] = [];
  for (const node of [...ctx.nodes].sort((a, b) => a.index - b.index)) {
    try {
      const listing = await ctx.admin(node).clusterManagement();
      return { addresses: listing.clusterNodes.map((n) => n.serverAddress), via: node.name };
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  // The first cause is the one to fix first; the others are usually the same.
  return { addresses: null, error: errors[0] ?? 'no node to ask' };
}

async function daemonStates(admin: AdminApi | null, ctx: RunContext, node: NodeRef, unread: string[]): Promise<Record<string, ServiceState>> {
  const states = unknownDaemons();
  const adapter = ctx.adapter(node);
  const dir = ctx.answers.cluster.installDir;
  await Promise.all(DAEMONS.map(async (d) => (states[d] = stateOf(noteUnknown(unread, `${d} state`, await serviceState(adapter, dir, d))))));
  // The Admin API also knows "disabled", which a pid file cannot say (REST names drop the trailing d).
  const listed = admin ? await askAdmin(unread, 'the daemons through Admin', () => admin.daemons()) : null;
  for (const daemon of listed ?? []) if (`${daemon.name}d` in states) states[`${daemon.name}d`] = daemon.status;
  return states;
}


export async function probeNode(ctx: RunContext, node: NodeRef, registered: readonly string[] | null): Promise<NodeFacts> {
  const facts: NodeFacts = {
    name: node.name,
    address: node.address,
    first: node.first,
    reachable: false,
    version: null,
    admin: 'unknown',
    tm: 'unknown',
    daemons: unknownDaemons(),
    registered: registered ? registered.includes(node.address) : null,
    taeh: 'unknown',
    licenses: null,
    tlsOption: null,
    cert: null,
  };
  const reach = await nodeReachable.run(ctx, node).catch((error: unknown) => ({ status: 'fail' as const, detail: causeOf(error, node.name) }));
  if (reach.status !== 'pass') return { ...facts, unreachable: reach.detail };
  const adapter = ctx.adapter(node);
  const dir = ctx.answers.cluster.installDir;
  const unread: string[] = [];
  const [install, mine, reference, adminProbe, tmProbe, licenses] = await Promise.all([
    installState(ctx, node),
    probeSha256(adapter, stPath(ctx, layout.taeh)),
    look(unread, "the first node's bin/taeh", () => firstTaeh(ctx)),
    serviceState(adapter, dir, 'admin'),
    serviceState(adapter, dir, 'tm'),
    look(unread, 'the licenses', () => stLicensePresent.run(ctx, node)).then((r) => {
      if (r?.unknown) unread.push(`the licenses: ${r.detail}`);
      return r && !r.unknown ? r.status === 'pass' : null;
    }),
  ]);
  if (install.state === 'unknown') unread.push(`the installed version: ${install.cause}`);
  if (mine.state === 'unknown') unread.push(`bin/taeh: ${mine.cause}`);
  const version = install.state === 'installed' ? install.version : null;
  const adminState = stateOf(noteUnknown(unread, 'the Admin state', adminProbe));
  const adminAlive = adminState === 'alive';
  const admin = adminAlive ? ctx.admin(node) : null;
  const [tlsOption, certificates, daemons] = await Promise.all([
    admin ? askAdmin(unread, `${TLS_OPTION} through Admin`, () => admin.getOption(TLS_OPTION)) : null,
    admin ? askAdmin(unread, 'the local certificates through Admin', () => admin.localCertificates()) : null,
    daemonStates(admin, ctx, node, unread),
  ]);
  return {
    ...facts,
    reachable: true,
    version,
    admin: adminState,
    tm: stateOf(noteUnknown(unread, 'the TM state', tmProbe)),
    daemons,
    taeh: mine.state === 'unknown' ? 'unknown' : mine.state === 'absent' ? 'missing' : !reference ? 'unknown' : mine.value === reference ? 'same' : 'different',
    licenses,
    tlsOption: tlsOption?.join(',') ?? null,
    cert: certificates ? admindCertFacts(certificates, ctx.clock.now()) : null,
    unread,
  };
}
