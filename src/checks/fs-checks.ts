// fs.* checks: the shared file system must be mounted at the same path on every
// node and really shared — proven by a sentinel each node writes and every
// other node reads back (DESIGN.md step 1).
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { mapBounded } from '../engine/parallel.js';
import type { ClusterCheck, NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { fsType } from './node-probes.js';
import { probeRead, probeStat } from './probe.js';
import { couldNotLook, fail, pass } from './result.js';

export const fsMounted: NodeCheck = {
  id: 'fs.mounted',
  title: 'Shared file system mounted at the same path',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const path = ctx.answers.sharedFs.path;
    const adapter = ctx.adapter(node);
    const probe = await probeStat(adapter, path);
    if (probe.state === 'unknown') return couldNotLook(probe.cause);
    if (probe.state === 'absent') return fail(`${path} does not exist`, `Mount the shared file system at ${path} on ${node.name} (same path on every node).`);
    if (probe.value.type !== 'dir') return fail(`${path} is not a directory`, `Mount the shared file system at ${path} on ${node.name}.`);
    return pass(`${path} (${await fsType(adapter, path)})`);
  },
};

export const fsShared: ClusterCheck = {
  id: 'fs.shared',
  title: 'Shared file system really shared (sentinel written on each node, read on every other)',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const nodes = ctx.nodes;
    const tag = `${ctx.runId}-${randomBytes(4).toString('hex')}`;
    const sentinels = nodes.map((node) => ({
      node,
      path: posix.join(ctx.answers.sharedFs.path, `.st-cluster-sentinel-${tag}-${node.name}`),
      token: `${node.name}:${randomBytes(12).toString('hex')}`,
    }));
    try {
      const writeErrors: string[] = [];
      await mapBounded(sentinels, ctx.parallel, async (s) => {
        try {
          await ctx.adapter(s.node).writeFile(s.path, `${s.token}\n`, { mode: 0o644, probe: true });
        } catch (error) {
          writeErrors.push(`${s.node.name} cannot write ${s.path}: ${(error as Error).message}`);
        }
      });
      if (writeErrors.length > 0) {
        return fail(writeErrors.join('; '), `Make ${ctx.answers.sharedFs.path} writable for the SecureTransport user on every node.`);
      }
      const looks = (await mapBounded(nodes, ctx.parallel, (reader) => unseen(ctx, reader, sentinels))).flat();
      const blind = looks.filter((m) => m.cause !== undefined);
      if (blind.length > 0) {
        return { ...couldNotLook(blind.slice(0, 6).map((m) => `${m.reader} reading ${m.writer}'s sentinel: ${m.cause}`).join('; ')), ...(odd(blind, nodes.length) ? { node: odd(blind, nodes.length) } : {}) };
      }
      const missing = looks;
      if (missing.length === 0) return pass(`each of ${nodes.length} nodes sees the sentinels of all the others`);
      return {
        ...fail(
          missing.slice(0, 6).map((m) => m.text).join('; ') + (missing.length > 6 ? `; and ${missing.length - 6} more` : ''),
          `${ctx.answers.sharedFs.path} is not the same file system on every node: mount the shared file system there on each node listed.`,
        ),
        node: odd(missing, nodes.length),
      };
    } finally {
      // The tree must be byte-identical afterwards, also in a dry run.
      await mapBounded(sentinels, ctx.parallel, (s) => ctx.adapter(s.node).remove(s.path, { probe: true }).catch(() => undefined));
    }
  },
};

interface Unseen {
  reader: string;
  writer: string;
  text: string;
  /** Set when the reader could not look (the sentinel may be there). */
  cause?: string;
}

/** What `reader` cannot see of the other nodes' sentinels: absent or wrong content, or could not look. */
async function unseen(ctx: RunContext, reader: NodeRef, sentinels: { node: NodeRef; path: string; token: string }[]): Promise<Unseen[]> {
  const others = sentinels.filter((s) => s.node.name !== reader.name);
  const looks = await Promise.all(others.map(async (s) => ({ s, read: await probeRead(ctx.adapter(reader), s.path) })));
  return looks
    .filter(({ s, read }) => read.state !== 'present' || read.value.trim() !== s.token)
    .map(({ s, read }) => ({
      reader: reader.name,
      writer: s.node.name,
      text: `${reader.name} does not see ${s.node.name}'s sentinel`,
      ...(read.state === 'unknown' ? { cause: read.cause } : {}),
    }));
}

/** The node at fault: the one in most of the failed pairs (a node on its own FS is in all of its pairs). */
function odd(missing: readonly Unseen[], nodeCount: number): string | undefined {
  const count = new Map<string, number>();
  for (const m of missing) for (const n of [m.reader, m.writer]) count.set(n, (count.get(n) ?? 0) + 1);
  const [top] = [...count.entries()].sort((a, b) => b[1] - a[1]);
  return top && (nodeCount <= 2 || top[1] > 1) ? top[0] : undefined;
}
