// Nothing stops a running service unless the restart that follows is proven possible
// (issue 11.4): a stray registration or a cluster over its licensed count makes TM
// refuse to start after the stop, and every node stays down. These checks are the
// precondition of every step that stops services, each with its own scope.
import type { CheckResult, ClusterCheck, NodeRef, RunContext } from '../engine/types.js';
import { parseMaxNodes } from './license-count.js';
import { AdminApiError } from '../st/admin-types.js';
import { fail, pass } from './result.js';
import { registeredAddresses, stLicensePresent } from './st-checks.js';
import { firstNode } from './st-probes.js';
import { stepRef } from '../engine/step-ref.js';

export interface RestartScope {
  /** The nodes the cluster is to have once restarted (normally every node in the answers). */
  members(ctx: RunContext): readonly NodeRef[];
  /**
   * 'complete': cluster management must list exactly the members (steps 10 and later).
   * 'building': registration is still being built (step 6, add-node): no address beyond the members.
   */
  registration: 'complete' | 'building';
  /** Nodes that will be started again and so need their licenses now. */
  licensed(ctx: RunContext): readonly NodeRef[];
  /** The node whose Admin manages the cluster (the first, or remove-node's manager). */
  via?(ctx: RunContext): NodeRef;
}

const viaOf = (ctx: RunContext, scope: RestartScope): NodeRef => scope.via?.(ctx) ?? firstNode(ctx);

export interface RegistrationProblem {
  text: string;
  fix: string;
}

/** What does not match between cluster management and the members, each with its fix; empty when it matches. */
export function registrationProblems(ctx: Pick<RunContext, 'procedure'>, registered: readonly string[], members: readonly NodeRef[], registration: RestartScope['registration'], via: string): RegistrationProblem[] {
  const wanted = new Set(members.map((n) => n.address));
  const problems = [...new Set(registered)]
    .filter((a) => !wanted.has(a))
    .map((a) => ({
      text: `${a} is registered in the cluster but is no node of the answers`,
      fix: `Remove ${a} in ${via}'s Admin Tool (Server Configuration > Cluster Management), or add the node with that address to the answers file.`,
    }));
  if (registration === 'complete') {
    for (const node of members) {
      if (!registered.includes(node.address)) problems.push({ text: `${node.name} (${node.address}) is not registered in the cluster`, fix: `Register ${node.address} (${stepRef(ctx, 'register-nodes')}, or st-cluster add-node) before anything is restarted.` });
    }
  }
  return problems;
}

const problemResult = (problems: readonly RegistrationProblem[], source: string, addresses: readonly string[]): CheckResult =>
  fail(`${problems.map((p) => p.text).join('; ')} (registered ${source}: ${addresses.join(', ') || 'none'})`, [...new Set(problems.map((p) => p.fix))].join(' '));

async function listing(ctx: RunContext, via: NodeRef): Promise<{ addresses: string[]; source: string; viaAdmin: boolean } | CheckResult> {
  try {
    return await registeredAddresses(ctx, via);
  } catch (error) {
    const fix = (error as { fix?: string }).fix ?? `Make ${via.name}'s Admin answer, then run again.`;
    return fail(`could not read the cluster registration through ${via.name}: ${(error as Error).message}; a restart is not proven safe`, fix);
  }
}

export function restartSafe(scope: RestartScope): ClusterCheck {
  return {
    id: 'st.restart-safe',
    title: 'The restart after this stop can succeed (registration = answers, credentials, licenses)',
    severity: 'error',
    scope: 'cluster',
    async run(ctx) {
      const via = viaOf(ctx, scope);
      const members = scope.members(ctx);
      const read = await listing(ctx, via);
      if ('status' in read) return read;
      const problems = registrationProblems(ctx, read.addresses, members, scope.registration, via.name);
      if (problems.length > 0) return problemResult(problems, read.source, read.addresses);
      const credentials = await credentialsProven(ctx, via, read.viaAdmin);
      if (credentials.status !== 'pass') return credentials;
      const missing: string[] = [];
      for (const node of scope.licensed(ctx)) {
        const result = await stLicensePresent.run(ctx, node);
        if (result.status !== 'pass') missing.push(`${node.name}: ${result.detail}`);
      }
      if (missing.length > 0) return fail(`licenses not in place on a node that will be restarted: ${missing.join('; ')}`, `Install the licenses (${stepRef(ctx, 'configure-first')} on the first node, ${stepRef(ctx, 'license-others')} on the others) before anything is stopped.`);
      return pass(`registered ${read.source}: ${read.addresses.join(', ') || 'none yet'}; ${credentials.detail}; licenses in place on ${scope.licensed(ctx).map((n) => n.name).join(', ') || 'no node restarted'}`);
    },
  };
}

/**
 * The listing came through Admin with Basic auth: the credentials work. When it came
 * from CLUSTERNODE, Admin could not answer (down, starting, 503): only a refusal proves
 * the credentials wrong. Credentials decide whether st-cluster can verify the restart,
 * not whether the services start again; the wait after the start fails at once on a 401.
 */
async function credentialsProven(ctx: RunContext, via: NodeRef, viaAdmin: boolean): Promise<CheckResult> {
  if (viaAdmin) return pass(`admin.user logs in on ${via.name}`);
  try {
    await ctx.admin(via).version();
    return pass(`admin.user logs in on ${via.name}`);
  } catch (error) {
    if (error instanceof AdminApiError && error.fatal) return fail(error.message, error.fix);
    return pass(`${via.name}'s Admin does not answer now (${(error as Error).message}): the wait after its start proves the credentials`);
  }
}

/** The licensed node count, where the features license states one. */
export function restartLicensed(scope: RestartScope): ClusterCheck {
  return {
    id: 'st.restart-licensed',
    title: 'The registered node count after the restart is within the features license',
    severity: 'error',
    scope: 'cluster',
    async run(ctx) {
      const file = ctx.answers.licenses.features;
      const via = viaOf(ctx, scope);
      const read = await listing(ctx, via);
      if ('status' in read) return read;
      const count = new Set([...read.addresses, ...scope.members(ctx).map((n) => n.address)]).size;
      let text: string;
      try {
        text = new TextDecoder().decode(await ctx.jumpHost.readFile(file));
      } catch (error) {
        return fail(`cannot read the features license ${file} on the jump host: ${(error as Error).message}`, 'Fix licenses.features in the answers file.');
      }
      const max = parseMaxNodes(text);
      // Not a pass: TM refuses to start over the count and every stopped node stays down.
      if (max === null) {
        return fail(
          `no node count readable in ${file} (the license format is not known here): ${count} node(s) after the restart are not proven within the license`,
          `If the features license allows at least ${count} nodes, say so: --accept-risk st.restart-licensed --reason "license allows N nodes" (recorded in the journal).`,
        );
      }
      if (count <= max) return pass(`${count} node(s) registered after the restart; the features license allows ${max}`);
      return fail(
        `${count} node(s) would be registered; the features license (${file}) allows ${max}: TM would refuse to start after the stop`,
        `Remove the extra address in ${via.name}'s Admin Tool (Server Configuration > Cluster Management), or install a features license for at least ${count} nodes on every node and set licenses.features to it.`,
      );
    },
  };
}

/** Both proofs, as a step's preconditions use them. */
export const restartProof = (scope: RestartScope): ClusterCheck[] => [restartSafe(scope), restartLicensed(scope)];

export const stRegistrationExact: ClusterCheck = {
  id: 'st.registration-exact',
  title: 'Cluster management lists no address beyond the answers\' nodes',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const via = firstNode(ctx);
    const read = await listing(ctx, via);
    if ('status' in read) return read;
    const problems = registrationProblems(ctx, read.addresses, ctx.nodes, 'building', via.name);
    if (problems.length === 0) return pass(`registered ${read.source}: ${read.addresses.join(', ') || 'none'}; no stray address`);
    return problemResult(problems, read.source, read.addresses);
  },
};
