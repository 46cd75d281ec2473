// Cluster management through a node's Admin API, as the day-two procedures use it.
// docs/st-facts.md: the add/remove paths are [U], so they come from the answers file.
import type { NodeRef, RunContext } from '../engine/types.js';

export async function listedAddresses(ctx: RunContext, via: NodeRef): Promise<string[]> {
  return (await ctx.admin(via).clusterManagement()).clusterNodes.map((n) => n.serverAddress);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * admin.register.removePath, either as the collection (`…/nodes`) or as the published
 * template (`…/nodes/{serverAddress}`): the client deletes `<base>/<address>`.
 */
export function removeOperation(ctx: RunContext): { base: string; published: RegExp } | null {
  const path = ctx.answers.admin.register.removePath;
  if (!path) return null;
  const base = path.replace(/\/\{[^/}]+\}\/?$/, '').replace(/\/+$/, '');
  return { base, published: new RegExp(`^DELETE ${escape(base)}/\\{[^/}]+\\}$`) };
}

/**
 * The node whose Admin manages the cluster during a removal: the first, or the next
 * one when the first is the one leaving; a lone node removes itself.
 */
export function managerFor(ctx: RunContext, leaving: NodeRef): NodeRef {
  return [...ctx.nodes].sort((a, b) => a.index - b.index).find((n) => n.name !== leaving.name) ?? leaving;
}
