// Small read-only questions asked of a node through its adapter.
import { posix } from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';
import { isNotFound } from '../adapters/types.js';
import { CouldNotLookError } from '../engine/errors.js';

/** The deepest existing directory at or above `path` (the install dir may not exist yet); stat throws when it could not look. */
export async function nearestExisting(adapter: NodeAdapter, path: string): Promise<string> {
  let current = posix.normalize(path);
  for (;;) {
    const stat = await adapter.stat(current);
    if (stat.exists) return current;
    const parent = posix.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

export async function listDir(adapter: NodeAdapter, path: string): Promise<string[]> {
  const result = await adapter.exec(['ls', '-A', '--', path], { kind: 'read' });
  if (result.exitCode !== 0) throw new CouldNotLookError(adapter.node, path, `ls -A exited ${result.exitCode}: ${result.stderr.trim()}`);
  return result.stdout.split('\n').filter(Boolean);
}

/** The file system type as GNU `stat -f -c %T` names it; throws CouldNotLookError when stat fails (never a guessed "local"). */
export async function fsType(adapter: NodeAdapter, path: string): Promise<string> {
  const result = await adapter.exec(['stat', '-f', '-c', '%T', '--', path], { kind: 'read' });
  const type = result.stdout.trim();
  if (result.exitCode !== 0 || type === '') throw new CouldNotLookError(adapter.node, `the file system of ${path}`, `stat -f exited ${result.exitCode}: ${result.stderr.trim()}`);
  return type;
}

/** MB free to an unprivileged writer at `path` (POSIX df -Pk); throws CouldNotLookError when df fails. */
export async function freeMb(adapter: NodeAdapter, path: string): Promise<number> {
  const result = await adapter.exec(['df', '-Pk', path], { kind: 'read' });
  const availableKb = Number(result.stdout.trim().split('\n')[1]?.split(/\s+/)[3]);
  if (result.exitCode !== 0 || !Number.isFinite(availableKb)) {
    throw new CouldNotLookError(adapter.node, `the free space at ${path}`, `df -Pk exited ${result.exitCode}: ${result.stderr.trim()} (POSIX df, coreutils, is needed on the node)`);
  }
  return Math.floor(availableKb / 1024);
}

// docs/st-facts.md: the install dir must be on local disk. The names GNU stat -f -c %T prints
// (coreutils' fs-magic table, the same on RHEL 8/9 and SLES 15): FUSE file systems all print
// fuseblk (newer: fuse), SMB cifs or smb2, then nfs, gpfs, gfs2, ocfs2, lustre, ceph …
export const NETWORK_FS = /^(nfs|nfs4|nfsd|cifs|smb|smb2|smb3|fuse|fuseblk|fuse\..+|glusterfs|gpfs|gfs|gfs2|ocfs2|afs|coda|lustre|ceph|panfs|efs|9p|v9fs)$/i;

/** Listening TCP ports from /proc/net/tcp{,6}: "addr:port" with addr '*' for a wildcard listener. */
export async function listeningSockets(adapter: NodeAdapter): Promise<{ address: string; port: number }[]> {
  const sockets: { address: string; port: number }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = new TextDecoder().decode(await adapter.readFile(file));
    } catch (error) {
      // tcp6 is absent on hosts without IPv6; anything else means we could not look.
      if (file.endsWith('tcp6') && isNotFound(error)) continue;
      throw error;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue; // TCP_LISTEN
      const [hexAddr = '', hexPort = '0'] = (fields[1] ?? '').split(':');
      sockets.push({ address: decodeAddress(hexAddr), port: parseInt(hexPort, 16) });
    }
  }
  return sockets;
}

function decodeAddress(hex: string): string {
  if (/^0+$/.test(hex)) return '*';
  if (hex.length === 8) {
    const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
    return bytes.join('.');
  }
  // IPv6: four little-endian 32-bit words; only the v4-mapped form matters for us.
  if (hex.startsWith('0000000000000000FFFF0000')) return decodeAddress(hex.slice(24));
  return hex.toLowerCase();
}

export const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';
