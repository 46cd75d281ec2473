// Checks of the day-two procedures (README "Day two"), each with a stable ID.
// They close over the node being added or removed, which the engine's Check
// signature does not carry.
import { parseMaxNodes } from '../checks/license-count.js';
import { fail, pass, skip } from '../checks/result.js';
import { firstNode } from '../checks/st-probes.js';
import type { ClusterCheck, NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { listedAddresses, removeOperation } from './cluster-api.js';

export { parseMaxNodes };

/** Why removing `target` is refused without --force, or null when it is not. */
export function removalRefusal(target: Pick<NodeRef, 'name' | 'address' | 'first'>, registered: readonly string[]): string | null {
  if (!registered.includes(target.address)) return null;
  const others = registered.filter((a) => a !== target.address);
  if (others.length === 0) return `${target.name} (${target.address}) is the last node of the cluster`;
  if (target.first) return `${target.name} is the first node and ${others.length} other node(s) depend on it (${others.join(', ')})`;
  return null;
}

export function licenseNodeCount(target: NodeRef): ClusterCheck {
  return {
    id: 'st.license-node-count',
    title: "The features license's node count allows one more node",
    severity: 'error',
    scope: 'cluster',
    async run(ctx) {
      const file = ctx.answers.licenses.features;
      const max = parseMaxNodes(new TextDecoder().decode(await ctx.jumpHost.readFile(file)));
      if (max === null) return skip(`cannot read a node count from ${file} (the license format is opaque here): not checked; a TM over the licensed count will not start`);
      const registered = new Set(await listedAddresses(ctx, firstNode(ctx)));
      const after = new Set([...registered, target.address]).size;
      if (after <= max) return pass(`${after} node(s) with ${target.name}; the features license allows ${max}`);
      return fail(
        `adding ${target.name} makes ${after} registered nodes; the features license (${file}) allows ${max}`,
        `Get a features license for at least ${after} nodes, install it on every node and set licenses.features to it; or remove a node first (st-cluster remove-node).`,
      );
    },
  };
}

/** The node's address is not (or no longer) listed by cluster management, asked of `via`. */
export function notRegistered(via: NodeRef): NodeCheck {
  return {
    id: 'st.unregistered',
    title: 'Not registered in the cluster',
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      const listed = await listedAddresses(ctx, via);
      if (!listed.includes(node.address)) return pass(`${node.address} is not listed by ${via.name}`);
      return fail(`${node.address} is still listed by ${via.name}'s cluster management`, `Remove it in ${via.name}'s Admin Tool (Server Configuration > Cluster Management).`);
    },
  };
}

export function removeApi(via: NodeRef): ClusterCheck {
  return {
    id: 'st.remove-api',
    title: 'Admin API publishes the remove-server operation',
    severity: 'error',
    scope: 'cluster',
    async run(ctx) {
      const op = removeOperation(ctx);
      const byHand = 'or remove the address by hand in the Admin Tool (Cluster Management) and run remove-node again to stop the node.';
      if (!op) return fail('admin.register.removePath is not set', `Set admin.register.removePath to the remove-server operation path of your SecureTransport version, ${byHand}`);
      const published = await ctx.admin(via).publishedOperations();
      if (published.some((p) => op.published.test(p))) return pass(`DELETE ${op.base}/{address} is published by ${via.name}`);
      return fail(`DELETE ${op.base}/{address} is not in ${via.name}'s /api/v2.0/docs/swagger.json`, `Set admin.register.removePath to a published path, ${byHand}`);
    },
  };
}

export function removeSafe(target: NodeRef, via: NodeRef, force: boolean): ClusterCheck {
  return {
    id: 'st.remove-safe',
    title: 'Not the last node, nor the first while others depend on it',
    severity: 'error',
    scope: 'cluster',
    async run(ctx: RunContext) {
      const refusal = removalRefusal(target, await listedAddresses(ctx, via));
      if (!refusal) return pass(`${target.name} can be removed`);
      if (force) return pass(`${refusal}: removed anyway (--force)`);
      return fail(`${refusal}: refused`, 'Add another node first, or pass --force if you really mean to take it out.');
    },
  };
}
