// Read-only facts for `st-cluster status`, gathered with the same probes the
// checks use. Nothing here writes: status must be safe to run at any moment.
import { admindCertFacts } from '../checks/admind-cert.js';
import { nodeReachable } from '../checks/node-checks.js';
import { TLS_OPTION } from '../checks/st-cluster-checks.js';
import { stLicensePresent } from '../checks/st-checks.js';
import { DAEMONS, firstTaeh, installedVersion, serviceAlive, taehChecksum } from '../checks/st-probes.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import type { AdminApi } from '../st/admin-types.js';
import type { NodeFacts, ServiceState } from './verdict.js';

const unknownDaemons = (): Record<string, ServiceState> => Object.fromEntries(DAEMONS.map((d) => [d, 'unknown' as const]));

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
  await Promise.all(DAEMONS.map(async (d) => (states[d] = (await serviceAlive(adapter, dir, d)) ? 'alive' : 'down')));
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
  const [version, mine, reference, adminAlive, tmAlive, licenses] = await Promise.all([
    ask(() => installedVersion(ctx, node)),
    ask(() => taehChecksum(ctx, node)),
    ask(() => firstTaeh(ctx)),
    serviceAlive(adapter, dir, 'admin'),
    serviceAlive(adapter, dir, 'tm'),
    stLicensePresent.run(ctx, node).then((r) => r.status === 'pass', () => null),
  ]);
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
    admin: adminAlive ? 'alive' : 'down',
    tm: tmAlive ? 'alive' : 'down',
    daemons,
    taeh: !mine ? 'missing' : !reference ? 'unknown' : mine === reference ? 'same' : 'different',
    licenses,
    tlsOption: tlsOption?.join(',') ?? null,
    cert: certificates ? admindCertFacts(certificates, ctx.clock.now()) : null,
  };
}
