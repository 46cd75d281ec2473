// node.* checks: what the vendor's prerequisites ask of every node (docs/st-facts.md).
import { posix } from 'node:path';
import { AdapterError } from '../adapters/types.js';
import type { ClusterCheck, NodeCheck } from '../engine/types.js';
import { freeMb as freeAt, fsType, isLoopback, listDir, listeningSockets, nearestExisting, NETWORK_FS } from './node-probes.js';
import type { NodeAdapter } from '../adapters/types.js';
import { causeOf, couldNotLook, fail, pass, skip, warn, type Probe } from './result.js';
import { probeRead } from './probe.js';
import { stPorts } from './st-ports.js';

export const nodeReachable: NodeCheck = {
  id: 'node.reachable',
  title: 'Node reachable through its adapter',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    try {
      const result = await ctx.adapter(node).exec(['true'], { kind: 'read', timeoutMs: 30_000 });
      if (result.exitCode === 0) return pass(`${node.name} answers (${ctx.adapter(node).kind})`);
      return fail(`"true" exited ${result.exitCode}: ${result.stderr.trim()}`, 'Check the account and shell the adapter logs in with.');
    } catch (error) {
      if (error instanceof AdapterError) return fail(causeOf(error, node.name), error.fix ?? 'Check the node address and the adapter settings.');
      throw error;
    }
  },
};

export const nodeOsSame: ClusterCheck = {
  id: 'node.os-same',
  title: 'Same operating system on every node (distribution and major version)',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const seen = await Promise.all(ctx.nodes.map((node) => osOf(ctx.adapter(node))));
    const unknown = seen.flatMap((s, i) => (s.state === 'unknown' ? [`${ctx.nodes[i]!.name}: ${s.cause}`] : []));
    if (unknown.length > 0) return couldNotLook(unknown.join('; '));
    const known = seen.map((s, i) => ({ node: ctx.nodes[i]!.name, ...(s as Extract<OsProbe, { state: 'present' }>).value }));
    const nameless = known.filter((k) => !k.id);
    if (nameless.length > 0) {
      return fail(`${nameless.map((k) => k.node).join(', ')}: /etc/os-release has no ID`, 'st-cluster compares ID and VERSION_ID of /etc/os-release: install a distribution that ships it (RHEL 8/9, SLES 15 …).');
    }
    const reference = known[0]!;
    const major = (o: OsRelease): string => `${o.id} ${o.versionId.split('.')[0] ?? ''} ${o.machine}`;
    const odd = known.filter((k) => major(k) !== major(reference));
    if (odd.length > 0) {
      return fail(
        `${odd.map((o) => `${o.node} runs ${o.pretty} (${major(o)})`).join('; ')}; ${reference.node} runs ${reference.pretty} (${major(reference)})`,
        'SecureTransport requires the same OS on every cluster node: rebuild the odd nodes or leave them out.',
      );
    }
    const minor = known.filter((k) => k.versionId !== reference.versionId);
    if (minor.length > 0) {
      return warn(
        `${minor.map((o) => `${o.node} runs ${o.id} ${o.versionId}`).join('; ')}; ${reference.node} runs ${reference.id} ${reference.versionId} (same major version)`,
        'Bring every node to the same minor release (update them alike) before production.',
      );
    }
    return pass(`all nodes run ${reference.pretty} ${reference.machine}`);
  },
};

interface OsRelease {
  id: string;
  versionId: string;
  pretty: string;
  machine: string;
}
type OsProbe = Probe<OsRelease>;

/** ID and VERSION_ID of /etc/os-release (RHEL: rhel 9.4, SLES: sles 15.5) and `uname -s -m`. */
async function osOf(adapter: NodeAdapter): Promise<OsProbe> {
  const release = await probeRead(adapter, '/etc/os-release');
  if (release.state === 'unknown') return release;
  const text = release.state === 'present' ? release.value : '';
  const field = (key: string): string => new RegExp(`^${key}=["']?([^"'\n]*)["']?`, 'm').exec(text)?.[1]?.trim() ?? '';
  let uname;
  try {
    uname = await adapter.exec(['uname', '-s', '-m'], { kind: 'read' });
  } catch (error) {
    return { state: 'unknown', cause: causeOf(error, adapter.node) };
  }
  if (uname.exitCode !== 0) return { state: 'unknown', cause: `uname exited ${uname.exitCode}: ${uname.stderr.trim()}` };
  const id = field('ID').toLowerCase();
  return { state: 'present', value: { id, versionId: field('VERSION_ID'), pretty: field('PRETTY_NAME') || id || 'unknown', machine: uname.stdout.trim() } };
}

export const nodeHostnameResolves: NodeCheck = {
  id: 'node.hostname-resolves',
  title: 'Hostname resolves to the node address, not loopback',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node);
    const named = await adapter.exec(['hostname'], { kind: 'read' });
    const hostname = named.stdout.trim();
    if (named.exitCode !== 0 || !hostname) return couldNotLook(`hostname exited ${named.exitCode}: ${named.stderr.trim()}`);
    const lookup = await adapter.exec(['getent', 'ahosts', hostname], { kind: 'read' });
    // getent: 2 is "not found"; any other failure is getent itself failing.
    if (lookup.exitCode !== 0 && lookup.exitCode !== 2) return couldNotLook(`getent ahosts ${hostname} exited ${lookup.exitCode}: ${lookup.stderr.trim()}`);
    const addresses = [...new Set(lookup.stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter((a): a is string => Boolean(a)))];
    if (addresses.length === 0) {
      return fail(`hostname ${hostname} does not resolve`, `Add "${node.address} ${hostname}" to /etc/hosts on ${node.name} or to DNS.`);
    }
    if (addresses.includes(node.address)) return pass(`${hostname} → ${addresses.join(', ')}`);
    if (addresses.every(isLoopback)) {
      return fail(
        `hostname ${hostname} resolves to ${addresses.join(', ')} (loopback)`,
        `SecureTransport needs the real address: map ${hostname} to ${node.address} in /etc/hosts or DNS, not to 127.0.0.1/127.0.1.1.`,
      );
    }
    return warn(`${hostname} → ${addresses.join(', ')}, not ${node.address}`, `Make sure ${node.address} is the address the other nodes use for ${node.name}.`);
  },
};

export const nodeClockSkew: NodeCheck = {
  id: 'node.clock-skew',
  title: 'Clock in sync with the jump host',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const before = ctx.clock.now();
    const result = await ctx.adapter(node).exec(['date', '+%s%3N'], { kind: 'read' });
    const after = ctx.clock.now();
    const remote = Number(result.stdout.trim());
    if (result.exitCode !== 0 || !/^\d+$/.test(result.stdout.trim())) return couldNotLook(`date +%s%3N exited ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`, 'GNU date (coreutils) is needed on the node.');
    const skewMs = Math.max(0, Math.abs(remote - (before + after) / 2) - (after - before) / 2);
    const limit = ctx.answers.cluster.maxClockSkewSeconds * 1000;
    if (skewMs <= limit) return pass(`skew ${Math.round(skewMs)} ms`);
    return fail(`clock is ${(skewMs / 1000).toFixed(1)} s off the jump host`, `Enable NTP (chrony or systemd-timesyncd) on ${node.name}; the cluster needs clocks in sync.`);
  },
};

export const nodeInstallDir: NodeCheck = {
  id: 'node.install-dir',
  title: 'Install directory usable: absent, empty or an existing install; on local disk',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node);
    const dir = ctx.answers.cluster.installDir;
    const base = await nearestExisting(adapter, dir);
    const type = await fsType(adapter, base);
    if (NETWORK_FS.test(type)) {
      return fail(`${base} is on ${type} (shared storage)`, 'SecureTransport must be installed on local disk of every node: choose a local cluster.installDir.');
    }
    if (base !== posix.normalize(dir)) return pass(`${dir} absent (will be created), ${type} below it`);
    const stat = await adapter.stat(dir);
    if (!stat.exists) return couldNotLook(`${dir} vanished while being looked at`);
    if (stat.type !== 'dir') return fail(`${dir} exists and is not a directory`, `Remove ${dir} on ${node.name} or choose another cluster.installDir.`);
    const entries = await listDir(adapter, dir);
    if (entries.length === 0) return pass(`${dir} is empty`);
    if (entries.includes('bin') && ((await adapter.stat(posix.join(dir, 'bin/taeh'))).exists || (await adapter.stat(posix.join(dir, 'conf'))).exists)) {
      return pass(`${dir} holds a SecureTransport install (judged by the st.* checks)`);
    }
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    return fail(`${dir} is not empty (${shown})`, `The installer refuses a non-empty directory: empty ${dir} on ${node.name} or choose another cluster.installDir.`);
  },
};

export const nodeDiskSpace: NodeCheck = {
  id: 'node.disk-space',
  title: 'Free disk space for the install',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node);
    const base = await nearestExisting(adapter, ctx.answers.cluster.installDir);
    const freeMb = await freeAt(adapter, base);
    const needMb = ctx.answers.cluster.minFreeDiskMb;
    if (freeMb >= needMb) return pass(`${freeMb} MB free at ${base}`);
    return fail(`${freeMb} MB free at ${base}, ${needMb} MB needed`, `Free space on ${node.name} or lower cluster.minFreeDiskMb if you know the install needs less.`);
  },
};

export const nodePortsFree: NodeCheck = {
  id: 'node.ports-free',
  title: 'SecureTransport ports free',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node);
    if ((await adapter.stat(posix.join(ctx.answers.cluster.installDir, 'bin/taeh'))).exists) {
      return skip('SecureTransport is installed; its own services hold these ports');
    }
    const wanted = new Set(stPorts(ctx.answers.admin.port));
    const busy = (await listeningSockets(adapter)).filter((s) => wanted.has(s.port) && (s.address === '*' || s.address === node.address));
    if (busy.length === 0) return pass(`ports ${[...wanted].join(', ')} free`);
    const list = [...new Set(busy.map((b) => `${b.address}:${b.port}`))].join(', ');
    return fail(`already listening on ${list}`, `Stop what holds these ports on ${node.name} (ss -ltnp shows it); SecureTransport needs them.`);
  },
};
