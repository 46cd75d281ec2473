// node.* checks: what the vendor's prerequisites ask of every node (ST-FACTS.md).
import { posix } from 'node:path';
import { AdapterError } from '../adapters/types.js';
import type { Check } from '../engine/types.js';
import { fsType, isLoopback, listDir, listeningSockets, nearestExisting, NETWORK_FS } from './node-probes.js';
import { fail, pass, skip, warn } from './result.js';
import { stPorts } from './st-ports.js';

export const nodeReachable: Check = {
  id: 'node.reachable',
  title: 'Node reachable through its adapter',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    try {
      const result = await ctx.adapter(node!).exec(['true'], { kind: 'read', timeoutMs: 30_000 });
      if (result.exitCode === 0) return pass(`${node!.name} answers (${ctx.adapter(node!).kind})`);
      return fail(`${node!.name}: "true" exited ${result.exitCode}: ${result.stderr.trim()}`, 'Check the account and shell the adapter logs in with.');
    } catch (error) {
      if (error instanceof AdapterError) return fail(`${node!.name}: ${error.message}`, error.fix ?? 'Check the node address and the adapter settings.');
      throw error;
    }
  },
};

export const nodeOsSame: Check = {
  id: 'node.os-same',
  title: 'Same operating system on every node',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const seen = await Promise.all(
      ctx.nodes.map(async (node) => {
        const adapter = ctx.adapter(node);
        const release = new TextDecoder().decode(await adapter.readFile('/etc/os-release'));
        const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? 'unknown';
        const machine = (await adapter.exec(['uname', '-s', '-m'], { kind: 'read' })).stdout.trim();
        return { node: node.name, os: `${pretty} ${machine}` };
      }),
    );
    const reference = seen[0]!;
    const odd = seen.filter((s) => s.os !== reference.os);
    if (odd.length === 0) return pass(`all nodes run ${reference.os}`);
    return fail(
      `${odd.map((o) => `${o.node} runs ${o.os}`).join('; ')}; ${reference.node} runs ${reference.os}`,
      'SecureTransport requires the same OS on every cluster node: rebuild the odd nodes or leave them out.',
    );
  },
};

export const nodeHostnameResolves: Check = {
  id: 'node.hostname-resolves',
  title: 'Hostname resolves to the node address, not loopback',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    const hostname = (await adapter.exec(['hostname'], { kind: 'read' })).stdout.trim();
    const lookup = await adapter.exec(['getent', 'ahosts', hostname], { kind: 'read' });
    const addresses = [...new Set(lookup.stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter((a): a is string => Boolean(a)))];
    if (addresses.length === 0) {
      return fail(`${node!.name}: hostname ${hostname} does not resolve`, `Add "${node!.address} ${hostname}" to /etc/hosts on ${node!.name} or to DNS.`);
    }
    if (addresses.includes(node!.address)) return pass(`${hostname} → ${addresses.join(', ')}`);
    if (addresses.every(isLoopback)) {
      return fail(
        `${node!.name}: hostname ${hostname} resolves to ${addresses.join(', ')} (loopback)`,
        `SecureTransport needs the real address: map ${hostname} to ${node!.address} in /etc/hosts or DNS, not to 127.0.0.1/127.0.1.1.`,
      );
    }
    return warn(`${node!.name}: ${hostname} → ${addresses.join(', ')}, not ${node!.address}`, `Make sure ${node!.address} is the address the other nodes use for ${node!.name}.`);
  },
};

export const nodeClockSkew: Check = {
  id: 'node.clock-skew',
  title: 'Clock in sync with the jump host',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const before = ctx.clock.now();
    const result = await ctx.adapter(node!).exec(['date', '+%s%3N'], { kind: 'read' });
    const after = ctx.clock.now();
    const remote = Number(result.stdout.trim());
    if (!Number.isFinite(remote)) return fail(`${node!.name}: cannot read the clock (${result.stderr.trim()})`, 'GNU date is needed on the node.');
    const skewMs = Math.max(0, Math.abs(remote - (before + after) / 2) - (after - before) / 2);
    const limit = ctx.answers.cluster.maxClockSkewSeconds * 1000;
    if (skewMs <= limit) return pass(`${node!.name}: skew ${Math.round(skewMs)} ms`);
    return fail(`${node!.name}: clock is ${(skewMs / 1000).toFixed(1)} s off the jump host`, `Enable NTP (chrony or systemd-timesyncd) on ${node!.name}; the cluster needs clocks in sync.`);
  },
};

export const nodeInstallDir: Check = {
  id: 'node.install-dir',
  title: 'Install directory usable: absent, empty or an existing install; on local disk',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    const dir = ctx.answers.cluster.installDir;
    const base = await nearestExisting(adapter, dir);
    const type = await fsType(adapter, base);
    if (NETWORK_FS.test(type)) {
      return fail(`${node!.name}: ${base} is on ${type} (shared storage)`, 'SecureTransport must be installed on local disk of every node: choose a local cluster.installDir.');
    }
    if (base !== posix.normalize(dir)) return pass(`${node!.name}: ${dir} absent (will be created), ${type} below it`);
    const stat = await adapter.stat(dir);
    if (stat.type !== 'dir') return fail(`${node!.name}: ${dir} exists and is not a directory`, `Remove ${dir} on ${node!.name} or choose another cluster.installDir.`);
    const entries = await listDir(adapter, dir);
    if (entries.length === 0) return pass(`${node!.name}: ${dir} is empty`);
    if (entries.includes('bin') && ((await adapter.stat(posix.join(dir, 'bin/taeh'))).exists || (await adapter.stat(posix.join(dir, 'conf'))).exists)) {
      return pass(`${node!.name}: ${dir} holds a SecureTransport install (judged by the st.* checks)`);
    }
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    return fail(`${node!.name}: ${dir} is not empty (${shown})`, `The installer refuses a non-empty directory: empty ${dir} on ${node!.name} or choose another cluster.installDir.`);
  },
};

export const nodeDiskSpace: Check = {
  id: 'node.disk-space',
  title: 'Free disk space for the install',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    const base = await nearestExisting(adapter, ctx.answers.cluster.installDir);
    const result = await adapter.exec(['df', '-Pk', base], { kind: 'read' });
    const availableKb = Number(result.stdout.trim().split('\n')[1]?.split(/\s+/)[3]);
    if (!Number.isFinite(availableKb)) return fail(`${node!.name}: cannot read free space of ${base}`, 'POSIX df is needed on the node.');
    const freeMb = Math.floor(availableKb / 1024);
    const needMb = ctx.answers.cluster.minFreeDiskMb;
    if (freeMb >= needMb) return pass(`${node!.name}: ${freeMb} MB free at ${base}`);
    return fail(`${node!.name}: ${freeMb} MB free at ${base}, ${needMb} MB needed`, `Free space on ${node!.name} or lower cluster.minFreeDiskMb if you know the install needs less.`);
  },
};

export const nodePortsFree: Check = {
  id: 'node.ports-free',
  title: 'SecureTransport ports free',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const adapter = ctx.adapter(node!);
    if ((await adapter.stat(posix.join(ctx.answers.cluster.installDir, 'bin/taeh'))).exists) {
      return skip(`${node!.name}: SecureTransport is installed; its own services hold these ports`);
    }
    const wanted = new Set(stPorts(ctx.answers.admin.port));
    const busy = (await listeningSockets(adapter)).filter((s) => wanted.has(s.port) && (s.address === '*' || s.address === node!.address));
    if (busy.length === 0) return pass(`${node!.name}: ports ${[...wanted].join(', ')} free`);
    const list = [...new Set(busy.map((b) => `${b.address}:${b.port}`))].join(', ');
    return fail(`${node!.name}: already listening on ${list}`, `Stop what holds these ports on ${node!.name} (ss -ltnp shows it); SecureTransport needs them.`);
  },
};
