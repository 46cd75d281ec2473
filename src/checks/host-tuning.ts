// What a node's OS must offer the installer and an Enterprise Cluster beyond the
// install dir (docs/st-facts.md "Prerequisites of an Enterprise Cluster").
import { posix } from 'node:path';
import type { NodeCheck } from '../engine/types.js';
import { layout } from '../st/layout.js';
import { freeMb as freeAt, nearestExisting } from './node-probes.js';
import { couldNotLook, fail, pass, skip, warn } from './result.js';

export const nodeTempSpace: NodeCheck = {
  id: 'node.temp-space',
  title: 'Free space where the installer unpacks (installer.tempDir)',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    // "approximately 20 GB of free disk space is temporarily required" (IG Unix prerequisites).
    const adapter = ctx.adapter(node);
    if ((await adapter.stat(posix.join(ctx.answers.cluster.installDir, layout.taeh))).exists) return skip('SecureTransport is installed; no install will unpack here');
    const { tempDir, minTempSpaceMb } = ctx.answers.installer;
    const base = await nearestExisting(adapter, tempDir);
    if (base !== tempDir) return fail(`installer.tempDir ${tempDir} does not exist`, `Create ${tempDir} on ${node.name} or set installer.tempDir to a directory with ${minTempSpaceMb} MB free.`);
    const freeMb = await freeAt(adapter, tempDir);
    if (freeMb >= minTempSpaceMb) return pass(`${freeMb} MB free in ${tempDir}`);
    return fail(`${freeMb} MB free in ${tempDir}, the installer needs about ${minTempSpaceMb} MB there while it runs`, `Free space in ${tempDir} on ${node.name}, or point installer.tempDir (TEMPORARY_DIR) at a larger local directory.`);
  },
};

// IG "Requirements for specific operating systems": larger socket buffers for Enterprise
// Clustering, and fs.file-max = 65536 (Axway's sample writes the same block, os_install.yml).
const SYSCTLS: { key: string; min: number }[] = [
  { key: 'net.core.rmem_max', min: 2096304 },
  { key: 'net.core.wmem_max', min: 2096304 },
  { key: 'net.ipv4.tcp_moderate_rcvbuf', min: 1 },
  { key: 'fs.file-max', min: 65536 },
];

export const nodeEcSysctls: NodeCheck = {
  id: 'node.ec-sysctls',
  title: 'Socket buffers and file descriptors as Axway asks for an Enterprise Cluster',
  severity: 'warning',
  scope: 'node',
  async run(ctx, node) {
    const paths = SYSCTLS.map((s) => `/proc/sys/${s.key.replace(/\./g, '/')}`);
    const result = await ctx.adapter(node).exec(['cat', ...paths], { kind: 'read', timeoutMs: 30_000 });
    const values = result.stdout.trim().split('\n').map(Number);
    if (result.exitCode !== 0 || values.length !== SYSCTLS.length || values.some((v) => !Number.isFinite(v))) {
      return couldNotLook(`cat ${paths.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`);
    }
    const low = SYSCTLS.flatMap((s, i) => (values[i]! < s.min ? [`${s.key} = ${values[i]} (want ≥ ${s.min})`] : []));
    if (low.length === 0) return pass(`${SYSCTLS.map((s, i) => `${s.key} = ${values[i]}`).join(', ')}`);
    return warn(`${low.join(', ')}`, `Add to /etc/sysctl.conf on ${node.name} and run sysctl -p: ${SYSCTLS.map((s) => `${s.key}=${s.min}`).join(', ')}.`);
  },
};
