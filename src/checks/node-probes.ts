// Small read-only questions asked of a node through its adapter.
import { posix } from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';

/** The deepest existing directory at or above `path` (the install dir may not exist yet). */
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
  const result = await adapter.exec(['ls', '-A', path], { kind: 'read' });
  if (result.exitCode !== 0) throw new Error(`cannot list ${path}: ${result.stderr.trim()}`);
  return result.stdout.split('\n').filter(Boolean);
}

export async function fsType(adapter: NodeAdapter, path: string): Promise<string> {
  const result = await adapter.exec(['stat', '-f', '-c', '%T', path], { kind: 'read' });
  return result.exitCode === 0 ? result.stdout.trim() : 'unknown';
}

// ST-FACTS.md: the install dir must be on local disk, the shared FS on one of these.
export const NETWORK_FS = /^(nfs|nfs4|cifs|smb2?|smb3|fuse\.glusterfs|glusterfs|gpfs|gfs2|ocfs2|efs|fuse\.sshfs|lustre|ceph)$/i;

/** Listening TCP ports from /proc/net/tcp{,6}: "addr:port" with addr '*' for a wildcard listener. */
export async function listeningSockets(adapter: NodeAdapter): Promise<{ address: string; port: number }[]> {
  const sockets: { address: string; port: number }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = new TextDecoder().decode(await adapter.readFile(file));
    } catch {
      continue; // tcp6 is absent on hosts without IPv6
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
