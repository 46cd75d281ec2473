// The hosts lab's network: one bridge with no uplink, NAT or default route, one
// network namespace per node joined to it by a veth pair, addresses from
// 198.18.0.0/15 (RFC 2544, benchmarking: never routed on the Internet).
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LabUsageError } from '../lab-errors.js';
import { must, run } from './run.js';

/** Claims of /24s by the labs of this machine: mkdir is atomic, so two labs never take the same one. */
export const CLAIMS_DIR = '/run/st-lab/net';
const RANGES = 512;

export interface LabSubnet {
  /** "198.18.7" */
  prefix: string;
  /** The claim directory `lab down` removes. */
  claim: string;
}

/** "198.18.7" of "198.18.7.0/24"; a refusal for anything but a /24 inside 198.18.0.0/15. */
export function subnetPrefix(subnet: string): string {
  const m = /^198\.(18|19)\.(\d{1,3})\.0\/24$/.exec(subnet);
  if (!m || Number(m[2]) > 255) throw new LabUsageError(`--subnet ${subnet}: a hosts lab takes a /24 inside 198.18.0.0/15 (reserved for benchmarks, never routed), like 198.18.7.0/24`);
  return `198.${m[1]}.${m[2]}`;
}

const prefixOf = (k: number): string => `198.${18 + (k >> 8)}.${k & 255}`;

/** The /24s that some link of this machine already has an address or route in. */
function prefixesInUse(): Set<string> {
  const out = `${run('ip', ['-4', '-o', 'addr', 'show']).out}\n${run('ip', ['-4', 'route', 'show', 'table', 'all']).out}`;
  return new Set([...out.matchAll(/\b(198\.1[89]\.\d{1,3})\.\d{1,3}/g)].map((m) => m[1]!));
}

function claim(prefix: string): string | null {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  const dir = path.join(CLAIMS_DIR, `${prefix}.0`);
  try {
    mkdirSync(dir);
    return dir;
  } catch {
    return null;
  }
}

/**
 * The lab's /24: the one asked for (refused when a link already uses it), else the first
 * free one from a start derived from the lab directory, so concurrent labs spread out.
 */
export function chooseSubnet(asked: string | undefined, seed: number): LabSubnet {
  const used = prefixesInUse();
  if (asked !== undefined) {
    const prefix = subnetPrefix(asked);
    if (used.has(prefix)) throw new LabUsageError(`--subnet ${asked} is already used by a link of this machine (see "ip -4 addr"): choose another /24 of 198.18.0.0/15, or leave --subnet out`);
    const dir = claim(prefix);
    if (!dir) throw new LabUsageError(`--subnet ${asked} is claimed by another lab (${path.join(CLAIMS_DIR, `${prefix}.0`)}): choose another, or leave --subnet out`);
    return { prefix, claim: dir };
  }
  for (let i = 0; i < RANGES; i++) {
    const prefix = prefixOf((seed + i) % RANGES);
    if (used.has(prefix)) continue;
    const dir = claim(prefix);
    if (dir) return { prefix, claim: dir };
  }
  throw new Error(`every /24 of 198.18.0.0/15 is in use on this machine or claimed in ${CLAIMS_DIR}: take other labs down first`);
}

/** Gives the /24 back; the claims directory goes once the last lab is down (another lab's claim keeps it). */
export function releaseSubnet(claimDir: string): void {
  rmSync(claimDir, { recursive: true, force: true });
  for (const dir of [CLAIMS_DIR, path.dirname(CLAIMS_DIR)]) {
    try {
      rmdirSync(dir);
    } catch {
      break;
    }
  }
}

export interface NodeLink {
  netns: string;
  /** The host side of the veth pair, on the bridge; inside the namespace the peer is eth0. */
  veth: string;
  address: string;
}

export function createBridge(bridge: string, jumpAddress: string): void {
  must('ip', ['link', 'add', bridge, 'type', 'bridge'], `cannot create the lab bridge ${bridge}`);
  must('ip', ['addr', 'add', `${jumpAddress}/24`, 'dev', bridge], `cannot give the jump host ${jumpAddress} on ${bridge}`);
  must('ip', ['link', 'set', bridge, 'up'], `cannot bring ${bridge} up`);
}

export function createNodeLink(bridge: string, link: NodeLink): void {
  const why = `cannot connect ${link.netns} to the lab bridge`;
  must('ip', ['netns', 'add', link.netns], `cannot create network namespace ${link.netns}`);
  const peer = `${link.veth}p`;
  must('ip', ['link', 'add', link.veth, 'type', 'veth', 'peer', 'name', peer], why);
  must('ip', ['link', 'set', peer, 'netns', link.netns], why);
  must('ip', ['-n', link.netns, 'link', 'set', peer, 'name', 'eth0'], why);
  must('ip', ['-n', link.netns, 'addr', 'add', `${link.address}/24`, 'dev', 'eth0'], why);
  must('ip', ['-n', link.netns, 'link', 'set', 'eth0', 'up'], why);
  must('ip', ['-n', link.netns, 'link', 'set', 'lo', 'up'], why);
  must('ip', ['link', 'set', link.veth, 'master', bridge], why);
  must('ip', ['link', 'set', link.veth, 'up'], why);
}

/** The node's link down (a partition: nothing reaches it, it reaches nothing) or up again. */
export function setLink(link: NodeLink, up: boolean): void {
  must('ip', ['link', 'set', link.veth, up ? 'up' : 'down'], `cannot set ${link.veth} (${link.netns}) ${up ? 'up' : 'down'}`);
}

/** Removes what exists of the network: a namespace takes its veth pair along. Returns what failed. */
export function removeNetwork(bridge: string, links: NodeLink[], claimDir: string | null): string[] {
  const left: string[] = [];
  const netns = new Set(run('ip', ['netns', 'list']).out.split('\n').map((l) => l.split(' ')[0]));
  for (const link of links) {
    if (netns.has(link.netns)) {
      const del = run('ip', ['netns', 'del', link.netns]);
      if (!del.ok) left.push(`network namespace ${link.netns}: ${del.out}`);
    }
    if (run('ip', ['link', 'show', link.veth]).ok) run('ip', ['link', 'del', link.veth]);
  }
  if (run('ip', ['link', 'show', bridge]).ok) {
    const del = run('ip', ['link', 'del', bridge]);
    if (!del.ok) left.push(`bridge ${bridge}: ${del.out}`);
  }
  if (claimDir) releaseSubnet(claimDir);
  return left;
}
