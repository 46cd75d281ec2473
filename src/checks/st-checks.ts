// st.* checks: SecureTransport's own state on each node, judged through the
// adapter (files, pid files) and the first node's Admin REST API.
import type { Check } from '../engine/types.js';
import { AdminApiError } from '../st/admin-types.js';
import { layout } from '../st/layout.js';
import { fail, memo, pass, short } from './result.js';
import { DAEMONS, firstNode, firstTaeh, installedVersion, runningServices, serviceAlive, stPath, taehChecksum } from './st-probes.js';

export const stMediaPresent: Check = {
  id: 'st.media-present',
  title: 'Installer media present',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const setup = `${ctx.answers.installer.media}/setup.sh`;
    const stat = await ctx.adapter(node!).stat(setup);
    if (stat.exists && stat.type === 'file') return pass(`${node!.name}: ${setup}`);
    return fail(`${node!.name}: ${setup} not found`, `Copy the SecureTransport installer to ${ctx.answers.installer.media} on ${node!.name} (same version on every node).`);
  },
};

export const stInstalled: Check = {
  id: 'st.installed',
  title: 'SecureTransport installed',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const version = await installedVersion(ctx, node!);
    if (version) return pass(`${node!.name}: SecureTransport ${version} in ${ctx.answers.cluster.installDir}`);
    return fail(`${node!.name}: SecureTransport is not installed in ${ctx.answers.cluster.installDir}`, node!.first ? 'Run step 2 (install the first node).' : 'Run step 4 (install the other nodes).');
  },
};

export const stVersionSame: Check = {
  id: 'st.version-same',
  title: 'Same SecureTransport version as the first node',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const first = firstNode(ctx);
    const [mine, reference] = await Promise.all([installedVersion(ctx, node!), memo(ctx.memo, 'st.first-version', () => installedVersion(ctx, first))]);
    const wanted = ctx.answers.cluster.version ?? reference;
    if (mine && mine === wanted) return pass(`${node!.name}: ${mine}`);
    return fail(`${node!.name}: version ${mine ?? 'none'}, expected ${wanted ?? 'unknown'} (${first.name})`, 'Every node must run the same SecureTransport version: install the same media everywhere.');
  },
};

/** `lenient`: a node with no taeh yet passes (it will import the first node's at install). */
export function taehIdentical(lenient: boolean): Check {
  return {
    id: 'st.taeh-identical',
    title: lenient ? 'Any taeh already on the node is the first node\'s' : 'taeh identical to the first node\'s',
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      const [mine, reference] = await Promise.all([taehChecksum(ctx, node!), firstTaeh(ctx)]);
      if (!reference) return fail(`${firstNode(ctx).name} has no bin/taeh`, 'Install the first node (step 2) first.');
      if (mine === reference) return pass(`${node!.name}: sha256 ${short(mine)}… matches ${firstNode(ctx).name}`);
      if (!mine && lenient) return pass(`${node!.name}: no taeh yet; it will import ${firstNode(ctx).name}'s`);
      return fail(
        `${node!.name}: bin/taeh ${mine ? `sha256 ${short(mine)}…` : 'missing'} differs from ${firstNode(ctx).name}'s (${short(reference)}…)`,
        `A different taeh corrupts encrypted configuration and can only be set at install: uninstall SecureTransport on ${node!.name} (empty ${ctx.answers.cluster.installDir}) and run setup again.`,
      );
    },
  };
}
export const stTaehIdentical = taehIdentical(false);

export const stAdminStopped: Check = {
  id: 'st.admin-stopped',
  title: 'Admin service stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    if (!(await serviceAlive(ctx.adapter(node!), ctx.answers.cluster.installDir, 'admin'))) return pass(`${node!.name}: Admin down`);
    return fail(`${node!.name}: Admin is running`, `Stop it: ${stPath(ctx, layout.script('stop', 'admin'))} on ${node!.name}.`);
  },
};

export const stTmStopped: Check = {
  id: 'st.tm-stopped',
  title: 'Transaction Manager stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    if (!(await serviceAlive(ctx.adapter(node!), ctx.answers.cluster.installDir, 'tm'))) return pass(`${node!.name}: TM down`);
    return fail(`${node!.name}: TM is running`, `Stop it: ${stPath(ctx, layout.script('stop', 'tm'))} on ${node!.name}.`);
  },
};

export const stDaemonsStopped: Check = {
  id: 'st.daemons-stopped',
  title: 'Protocol servers stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const running = await runningServices(ctx.adapter(node!), ctx.answers.cluster.installDir, DAEMONS);
    if (running.length === 0) return pass(`${node!.name}: no protocol server running`);
    return fail(`${node!.name}: still running: ${running.join(', ')}`, `Stop them with ${stPath(ctx, 'bin/stop_<name>')} on ${node!.name}.`);
  },
};

export const stAdminReady: Check = {
  id: 'st.admin-ready',
  title: 'Admin service up and operational',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    if (!(await serviceAlive(adapter, ctx.answers.cluster.installDir, 'admin'))) {
      return fail(`${node!.name}: Admin is not running`, `Start it: ${stPath(ctx, layout.script('start', 'admin'))} on ${node!.name}.`);
    }
    const version = await ctx.admin(node!).version();
    if (version === null) return fail(`${node!.name}: Admin runs but is not operational (503)`, 'A new node\'s Admin is operational only once the node is registered in the cluster (step 7).');
    return pass(`${node!.name}: Admin answers, SecureTransport ${version}`);
  },
};

export const stRegistered: Check = {
  id: 'st.registered',
  title: 'Registered in the cluster',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const { addresses, source } = await registeredAddresses(ctx);
    if (addresses.includes(node!.address)) return pass(`${node!.name}: ${node!.address} ${source}`);
    return fail(`${node!.name}: ${node!.address} is not in the cluster (registered: ${addresses.join(', ') || 'none'})`, 'Register it (step 7) through the first node\'s Admin Tool.');
  },
};

/**
 * The registered addresses, from `via`'s cluster management (the first node by default) —
 * or, while its Admin cannot answer (down, or started but not operational, e.g. a run cut
 * in step 10), read-only from CLUSTERNODE, where cluster management keeps them. A refusal
 * (401/403, TLS) is not "cannot answer": it throws, and a listing not read is never a pass.
 */
export async function registeredAddresses(ctx: Parameters<Check['run']>[0], via = firstNode(ctx)): Promise<{ addresses: string[]; source: string; viaAdmin: boolean }> {
  try {
    const listing = await ctx.admin(via).clusterManagement();
    return { addresses: listing.clusterNodes.map((n) => n.serverAddress), source: `listed by ${via.name}`, viaAdmin: true };
  } catch (error) {
    if (!(error instanceof AdminApiError) || !['unreachable', 'timeout', 'unavailable'].includes(error.kind)) throw error;
    return { addresses: await ctx.db.clusterNodeAddresses(), source: `in CLUSTERNODE (${via.name}'s Admin does not answer)`, viaAdmin: false };
  }
}

export const stOnline: Check = {
  id: 'st.online',
  title: 'Online (Admin and TM running)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const running = await runningServices(ctx.adapter(node!), ctx.answers.cluster.installDir, ['admin', 'tm']);
    if (running.length === 2) return pass(`${node!.name}: Online`);
    const down = ['admin', 'tm'].filter((s) => !running.includes(s as 'admin'));
    return fail(`${node!.name}: Offline (${down.join(' and ')} down)`, `Start them: ${stPath(ctx, layout.script('start', 'all'))} on ${node!.name}; see var/ logs if TM refuses.`);
  },
};

export const stLicensePresent: Check = {
  id: 'st.license-present',
  title: 'Licenses installed (checksums match the answers)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    const wrong: string[] = [];
    for (const [source, target] of licensePairs(ctx)) {
      const [want, have] = await Promise.all([memo(ctx.memo, `jump.sha.${source}`, () => ctx.jumpHost.sha256(source)), adapter.sha256(stPath(ctx, target))]);
      if (!want) return fail(`license ${source} not found on the jump host`, 'Fix licenses.* in the answers file.');
      if (want !== have) wrong.push(`${target} ${have ? 'differs' : 'missing'}`);
    }
    if (wrong.length === 0) return pass(`${node!.name}: core and features licenses in place`);
    return fail(`${node!.name}: ${wrong.join(', ')}`, node!.first ? 'Run step 3 (licenses on the first node).' : 'Run step 9 (licenses on the other nodes).');
  },
};

export const licensePairs = (ctx: Parameters<Check['run']>[0]): [string, string][] => [
  [ctx.answers.licenses.core, layout.coreLicense],
  [ctx.answers.licenses.features, layout.featuresLicense],
];
