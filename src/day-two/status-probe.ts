// Read-only facts for `st-cluster status`, gathered with the same probes the
// checks use. Nothing here writes: status must be safe to run at any moment.
import { admindCertFacts } from '../checks/admind-cert.js';
import { nodeReachable } from '../checks/node-checks.js';
import { TLS_OPTION } from '../checks/st-cluster-checks.js';
import { stLicensePresent } from '../checks/st-checks.js';
import { probeSha256 } from '../checks/probe.js';
import { DAEMONS, firstTaeh, installState, serviceState, stPath, type ServiceProbe } from '../checks/st-probes.js';
import { layout } from '../st/layout.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import type { AdminApi } from '../st/admin-types.js';
import type { NodeFacts, ServiceState } from './verdict.js';

const unknownDaemons = (): Record<string, ServiceState> => Object.fromEntries(DAEMONS.map((d) => [d, 'unknown' as const]));
// A pid file that could not be read says nothing: unknown, never "down".
const stateOf = (probe: ServiceProbe): ServiceState => (probe.state === 'running' ? 'alive' : probe.state === 'stopped' ? 'down' : 'unknown');

/** null instead of an error: an Admin that is down or not operational simply does not tell. */
async function ask<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch {
    return null;
  }
}

/** Every address cluster management lists, asked of the first node and then of the others: the listing lives in the shared DB. */
export async function registeredAddresses(ctx: RunContext): Promise<{ addresses: string[]; via: string } | null> {
  for (const node of [...ctx.nodes].sort((a, b) => a.index - b.index)) {
    const listing = await ask(() => ctx.admin(node).clusterManagement());
    if (listing) return { addresses: listing.clusterNodes.map((n) => n.serverAddress), via: node.name };
  }
  return null;
}

async function daemonStates(admin: AdminApi | null, ctx: RunContext, node: NodeRef): Promise<Record<string, ServiceState>> {
  const states = unknownDaemons();
  const adapter = ctx.adapter(node);
  const dir = ctx.answers.cluster.installDir;
  await Promise.all(DAEMONS.map(async (d) => (states[d] = stateOf(await serviceState(adapter, dir, d)))));
  // The Admin API also knows "disabled", which a pid file cannot say (REST names drop the trailing d).
  const listed = admin ? await ask(() => admin.daemons()) : null;
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
  const reach = await nodeReachable.run(ctx, node).catch((error: Error) => ({ status: 'fail' as const, detail: error.message }));
  if (reach.status !== 'pass') return { ...facts, unreachable: reach.detail.replace(`${node.name}: `, '') };
  const adapter = ctx.adapter(node);
  const dir = ctx.answers.cluster.installDir;
  const [install, mine, reference, adminState, tmState, licenses] = await Promise.all([
    installState(ctx, node),
    probeSha256(adapter, stPath(ctx, layout.taeh)),
    ask(() => firstTaeh(ctx)),
    serviceState(adapter, dir, 'admin').then(stateOf),
    serviceState(adapter, dir, 'tm').then(stateOf),
    stLicensePresent.run(ctx, node).then((r) => (r.unknown ? null : r.status === 'pass'), () => null),
  ]);
  const version = install.state === 'installed' ? install.version : null;
  const adminAlive = adminState === 'alive';
  const admin = adminAlive ? ctx.admin(node) : null;
  const [tlsOption, certificates, daemons] = await Promise.all([
    admin ? ask(() => admin.getOption(TLS_OPTION)) : null,
    admin ? ask(() => admin.localCertificates()) : null,
    daemonStates(admin, ctx, node),
  ]);
  return {
    ...facts,
    reachable: true,
    version,
    admin: adminState,
    tm: tmState,
    daemons,
    taeh: mine.state === 'unknown' ? 'unknown' : mine.state === 'absent' ? 'missing' : !reference ? 'unknown' : mine.value === reference ? 'same' : 'different',
    licenses,
    tlsOption: tlsOption?.join(',') ?? null,
    cert: certificates ? admindCertFacts(certificates, ctx.clock.now()) : null,
  };
}
