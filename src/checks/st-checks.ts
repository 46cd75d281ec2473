// st.* checks: SecureTransport's own state on each node, judged through the
// adapter (files, pid files) and the first node's Admin REST API.
import type { NodeCheck } from '../engine/types.js';
import { AdminApiError } from '../st/admin-types.js';
import { posix } from 'node:path';
import { layout } from '../st/layout.js';
import { mediaTemplates } from './st-media.js';
import type { CheckResult, NodeRef, RunContext } from '../engine/types.js';
import { neitherDetail, neitherFix } from './admin-login.js';
import { couldNotLook, fail, pass, short } from './result.js';
import { probeSha256, probeStat, probeTail } from './probe.js';
import { DAEMONS, firstNode, firstTaeh, installedVersion, installState, serviceState, serviceStates, stPath, taehChecksum, type InstallProbe } from './st-probes.js';
import { stepRef } from '../engine/step-ref.js';
import { memoKey } from '../engine/memo.js';

const FIRST_VERSION = memoKey<Promise<string | null>>('st.first-version');
const jumpSha = (path: string) => memoKey<Promise<string | null>>(`jump.sha.${path}`);

export const stMediaPresent: NodeCheck = {
  id: 'st.media-present',
  title: 'Installer media present',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const setup = `${ctx.answers.installer.media}/setup.sh`;
    const stat = await probeStat(ctx.adapter(node), setup);
    if (stat.state === 'unknown') return couldNotLook(stat.cause);
    if (stat.state !== 'present' || stat.value.type !== 'file') {
      return fail(`${setup} not found`, `Copy the SecureTransport installer to ${ctx.answers.installer.media} on ${node.name} (same version on every node).`);
    }
    // The two templates the silent install is made from (docs/st-facts.md "Silent installer").
    const templates = await mediaTemplates(ctx, node);
    const missing = [templates?.axway ? null : 'Install_Axway_Installer_V*.properties', templates?.secureTransport ? null : 'Install_SecureTransport_V*.properties'].filter(Boolean);
    if (missing.length > 0) {
      return fail(`the media has no ${missing.join(' and no ')} in ${posix.join(ctx.answers.installer.media, layout.mediaConfigurationDir)}`, `Unpack the complete SecureTransport installer media into ${ctx.answers.installer.media} on ${node.name}: the silent install is made from its templates.`);
    }
    return pass(`${setup}, ${templates!.axway}, ${templates!.secureTransport}`);
  },
};

/** What installs a node that is not installed yet: setup for a new cluster, add-node for one that runs. */
function notInstalledFix(ctx: RunContext, node: NodeRef): string {
  if (node.first) return 'Install the first node: st-cluster setup (its install step, "install-first").';
  return `If the cluster already runs, add the node: st-cluster add-node --answers FILE --node ${node.name} (installs it with ${firstNode(ctx).name}'s taeh, registers, licenses and starts it); while building the cluster, run st-cluster setup.`;
}

export const stInstalled: NodeCheck = {
  id: 'st.installed',
  title: 'SecureTransport installed',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const install = await installState(ctx, node);
    if (install.state === 'unknown') return couldNotLook(install.cause);
    if (install.state === 'installed') return pass(`SecureTransport ${install.version} in ${ctx.answers.cluster.installDir}`);
    if (install.state === 'partial') return partialInstall(ctx, node, install);
    return fail(`SecureTransport is not installed yet in ${ctx.answers.cluster.installDir}`, notInstalledFix(ctx, node));
  },
};

function partialInstall(ctx: RunContext, node: NodeRef, install: Extract<InstallProbe, { state: 'partial' }>): CheckResult {
  const dir = ctx.answers.cluster.installDir;
  const shown = install.missing.slice(0, 6).join(', ') + (install.missing.length > 6 ? `, and ${install.missing.length - 6} more` : '');
  return fail(
    `partial SecureTransport install in ${dir} (missing: ${shown})`,
    `Stop what runs (${stPath(ctx, layout.script('stop', 'all'))} -f if it exists), empty ${dir} on ${node.name}, then run setup --resume: the installer refuses a non-empty directory.`,
  );
}

/** A partial install (a killed installer) is never installed, never registered, and never installed over silently. */
export const stInstallComplete: NodeCheck = {
  id: 'st.install-complete',
  title: 'No partial SecureTransport install (every file later steps use, no install cut while it ran)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const install = await installState(ctx, node);
    if (install.state === 'unknown') return couldNotLook(install.cause);
    if (install.state === 'partial') return partialInstall(ctx, node, install);
    if (install.state === 'absent') return pass(`nothing installed yet in ${ctx.answers.cluster.installDir}`);
    return pass(`SecureTransport ${install.version} complete`);
  },
};

export const stVersionSame: NodeCheck = {
  id: 'st.version-same',
  title: 'Same SecureTransport version as the first node',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const first = firstNode(ctx);
    const [mine, reference] = await Promise.all([installedVersion(ctx, node), ctx.memo.once(FIRST_VERSION, () => installedVersion(ctx, first))]);
    const wanted = ctx.answers.cluster.version ?? reference;
    if (mine && mine === wanted) return pass(`${mine}`);
    return fail(`version ${mine ?? 'none'}, expected ${wanted ?? 'unknown'} (${first.name})`, 'Every node must run the same SecureTransport version: install the same media everywhere.');
  },
};

/** `lenient`: a node with no taeh yet passes (it will import the first node's at install). */
export function taehIdentical(lenient: boolean): NodeCheck {
  return {
    id: 'st.taeh-identical',
    title: lenient ? 'Any taeh already on the node is the first node\'s' : 'taeh identical to the first node\'s',
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      // taehChecksum/firstTaeh throw CouldNotLookError: the check runner reports "could not look".
      const [mine, reference] = await Promise.all([taehChecksum(ctx, node), firstTaeh(ctx)]);
      if (!reference) return fail(`${firstNode(ctx).name} has no bin/taeh`, `Install the first node (${stepRef(ctx, 'install-first')}) first.`);
      if (mine === reference) return pass(`sha256 ${short(mine)}… matches ${firstNode(ctx).name}`);
      if (!mine && lenient) return pass(`no taeh yet; it will import ${firstNode(ctx).name}'s`);
      // No taeh is a node not installed yet, not a wrong one: nothing to uninstall.
      if (!mine) return fail('no bin/taeh: SecureTransport is not installed yet', notInstalledFix(ctx, node));
      return fail(
        `bin/taeh ${mine ? `sha256 ${short(mine)}…` : 'missing'} differs from ${firstNode(ctx).name}'s (${short(reference)}…)`,
        `A different taeh corrupts encrypted configuration and can only be set at install: uninstall SecureTransport on ${node.name} (empty ${ctx.answers.cluster.installDir}) and run setup again.`,
      );
    },
  };
}
export const stTaehIdentical = taehIdentical(false);

export const stAdminStopped: NodeCheck = {
  id: 'st.admin-stopped',
  title: 'Admin service stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const admin = await serviceState(ctx.adapter(node), ctx.answers.cluster.installDir, 'admin');
    if (admin.state === 'unknown') return couldNotLook(admin.cause);
    if (admin.state === 'stopped') return pass('Admin down');
    return fail('Admin is running', `Stop it: ${stPath(ctx, layout.script('stop', 'admin'))} on ${node.name}.`);
  },
};

export const stTmStopped: NodeCheck = {
  id: 'st.tm-stopped',
  title: 'Transaction Manager stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const tm = await serviceState(ctx.adapter(node), ctx.answers.cluster.installDir, 'tm');
    if (tm.state === 'unknown') return couldNotLook(tm.cause);
    if (tm.state === 'stopped') return pass('TM down');
    return fail('TM is running', `Stop it: ${stPath(ctx, layout.script('stop', 'tm'))} on ${node.name}.`);
  },
};

export const stDaemonsStopped: NodeCheck = {
  id: 'st.daemons-stopped',
  title: 'Protocol servers stopped',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const states = await serviceStates(ctx.adapter(node), ctx.answers.cluster.installDir, DAEMONS);
    const unknown = [...states.values()].flatMap((s) => (s.state === 'unknown' ? [s.cause] : []));
    if (unknown.length > 0) return couldNotLook(unknown.join('; '));
    const running = DAEMONS.filter((d) => states.get(d)?.state === 'running');
    if (running.length === 0) return pass('no protocol server running');
    return fail(`still running: ${running.join(', ')}`, `Stop them with ${stPath(ctx, 'bin/stop_<name>')} on ${node.name}.`);
  },
};

export const stAdminReady: NodeCheck = {
  id: 'st.admin-ready',
  title: 'Admin service up and operational',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const admin = await serviceState(ctx.adapter(node), ctx.answers.cluster.installDir, 'admin');
    if (admin.state === 'unknown') return couldNotLook(admin.cause);
    if (admin.state === 'stopped') {
      return fail('Admin is not running', `Start it: ${stPath(ctx, layout.script('start', 'admin'))} on ${node.name}.`);
    }
    // As Axway's sample waits (st_configuration/tasks/main.yml): the process, then Tomcat's
    // "Server startup" in catalina.out, then the API itself.
    // The sample reads the last 75 lines (tail -n 75): a marker of an earlier start scrolls away.
    const log = await probeTail(ctx.adapter(node), stPath(ctx, layout.catalinaOut), 75);
    if (log.state === 'unknown') return couldNotLook(log.cause);
    if (log.state === 'absent' || !log.value.includes(layout.adminReadyMarker)) {
      return fail(`Admin runs; "${layout.adminReadyMarker}" is not yet in ${layout.catalinaOut}`, `Wait, or look at ${stPath(ctx, layout.catalinaOut)} on ${node.name}.`);
    }
    let version: string | null;
    try {
      version = await ctx.admin(node).version();
    } catch (error) {
      // A fresh install answers only its initial password until step 3 sets admin.password: Admin is ready all the same.
      if (!(error instanceof AdminApiError && error.kind === 'auth') || !node.first) throw error;
      version = await ctx.admin(node, 'initial').version().catch((second: unknown) => {
        if (!(second instanceof AdminApiError && second.kind === 'auth')) throw error;
        // Waiting cannot cure two refused passwords (fatal, like any 401): say which keys to fix.
        throw new AdminApiError(401, error.url, `${node.name}: ${neitherDetail(ctx)}`, neitherFix(node));
      });
      if (version !== null) return pass(`Admin answers, SecureTransport ${version} (with admin.initialPassword: step 3 sets admin.password)`);
    }
    if (version === null) return fail('Admin runs but is not operational (503)', `A new node's Admin is operational only once the node is registered in the cluster (${stepRef(ctx, 'register-nodes')}, or st-cluster add-node).`);
    return pass(`Admin answers, SecureTransport ${version}`);
  },
};

export const stRegistered: NodeCheck = {
  id: 'st.registered',
  title: 'Registered in the cluster',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const { addresses, source } = await registeredAddresses(ctx);
    if (addresses.includes(node.address)) return pass(`${node.address} ${source}`);
    return fail(`${node.address} is not in the cluster (registered: ${addresses.join(', ') || 'none'})`, `Register it (${stepRef(ctx, 'register-nodes')}, or st-cluster add-node) through the first node's Admin Tool.`);
  },
};

/**
 * The registered addresses, from `via`'s cluster management (the first node by default) —
 * or, while its Admin cannot answer (down, or started but not operational, e.g. a run cut
 * in step 10), read-only from CLUSTERNODE, where cluster management keeps them. A refusal
 * (401/403, TLS) is not "cannot answer": it throws, and a listing not read is never a pass.
 */
export async function registeredAddresses(ctx: RunContext, via = firstNode(ctx)): Promise<{ addresses: string[]; source: string; viaAdmin: boolean }> {
  try {
    const listing = await ctx.admin(via).clusterManagement();
    return { addresses: listing.clusterNodes.map((n) => n.serverAddress), source: `listed by ${via.name}`, viaAdmin: true };
  } catch (error) {
    if (!(error instanceof AdminApiError) || !['unreachable', 'timeout', 'unavailable'].includes(error.kind)) throw error;
    return { addresses: await ctx.db.clusterNodeAddresses(), source: `in CLUSTERNODE (${via.name}'s Admin does not answer)`, viaAdmin: false };
  }
}

export const stOnline: NodeCheck = {
  id: 'st.online',
  title: 'Online (Admin and TM running)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const states = await serviceStates(ctx.adapter(node), ctx.answers.cluster.installDir, ['admin', 'tm']);
    const unknown = [...states.values()].flatMap((s) => (s.state === 'unknown' ? [s.cause] : []));
    if (unknown.length > 0) return couldNotLook(unknown.join('; '));
    const down = (['admin', 'tm'] as const).filter((s) => states.get(s)?.state !== 'running');
    if (down.length === 0) return pass('Online');
    return fail(`Offline (${down.join(' and ')} down)`, `Start them: ${stPath(ctx, layout.script('start', 'all'))} on ${node.name}; see var/ logs if TM refuses.`);
  },
};

export const stLicensePresent: NodeCheck = {
  id: 'st.license-present',
  title: 'Licenses installed (checksums match the answers)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node);
    const wrong: string[] = [];
    for (const [source, target] of licensePairs(ctx)) {
      const [want, have] = await Promise.all([ctx.memo.once(jumpSha(source), () => ctx.jumpHost.sha256(source)), probeSha256(adapter, stPath(ctx, target))]);
      if (!want) return fail(`license ${source} not found on the jump host`, 'Fix licenses.* in the answers file.');
      if (have.state === 'unknown') return couldNotLook(have.cause);
      if (have.state === 'absent') wrong.push(`${target} missing`);
      else if (want !== have.value) wrong.push(`${target} differs`);
    }
    if (wrong.length === 0) return pass('core and features licenses in place');
    return fail(`${wrong.join(', ')}`, `Install the licenses: ${node.first ? stepRef(ctx, 'configure-first') : stepRef(ctx, 'license-others')}.`);
  },
};

export const licensePairs = (ctx: RunContext): [string, string][] => [
  [ctx.answers.licenses.core, layout.coreLicense],
  [ctx.answers.licenses.features, layout.featuresLicense],
];
