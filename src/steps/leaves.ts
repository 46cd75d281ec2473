// What each step's actions leave besides its postconditions (Step.leaves): the facts a
// dry run needs to judge later steps as the real run will find them (issue 15 item 1).
// Services are the usual case: a step that starts or stops one changes every check
// that reads it (stopped, ready, Online).
import { look } from '../engine/predicted.js';
import type { Check, Fact, NodeRef, RunContext } from '../engine/types.js';
import * as c from '../checks/index.js';
import { stAdminPassword } from '../checks/admin-login.js';

type Running = { admin?: boolean; tm?: boolean; daemons?: boolean };

const fact = (check: Check, node: NodeRef, holds: boolean): Fact => ({ check: check.id, node: node.name, holds });

/** Facts of the services left running (true) or stopped (false); Online needs Admin and TM, a service not named keeps its state. */
async function services(ctx: RunContext, node: NodeRef, running: Running, adminReady?: boolean): Promise<Fact[]> {
  const facts: Fact[] = [];
  if (running.admin !== undefined) facts.push(fact(c.stAdminStopped, node, !running.admin));
  if (running.tm !== undefined) facts.push(fact(c.stTmStopped, node, !running.tm));
  if (running.daemons !== undefined) facts.push(fact(c.stDaemonsStopped, node, !running.daemons));
  if (running.admin === false) facts.push(fact(c.stAdminReady, node, false));
  else if (adminReady !== undefined) facts.push(fact(c.stAdminReady, node, adminReady));
  const runs = async (service: 'admin' | 'tm', check: Check): Promise<boolean> => running[service] ?? (await look(ctx, check, node)).status === 'fail';
  facts.push(fact(c.stOnline, node, (await runs('admin', c.stAdminStopped)) && (await runs('tm', c.stTmStopped))));
  return facts;
}

const each = async (pending: readonly NodeRef[], facts: (node: NodeRef) => Promise<Fact[]>): Promise<Fact[]> => (await Promise.all(pending.map(facts))).flat();

/**
 * Steps 2 and 4: after a fresh install only Admin runs (docs/st-facts.md "after a fresh install
 * only Admin runs"); no licenses yet; the first node answers only its initial password; a new
 * node's Admin is operational once registered — at install when it auto-registers.
 */
export const afterInstall = (ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> =>
  each(pending, async (node) => {
    const auto = ctx.answers.cluster.autoRegister;
    return [
      ...(await services(ctx, node, { admin: true, tm: false, daemons: false }, node.first || auto)),
      fact(c.stLicensePresent, node, false),
      ...(node.first ? [fact(stAdminPassword, node, false)] : []),
      ...(auto ? [fact(c.stRegistered, node, true)] : []),
    ];
  });

/** Step 5: Admin stopped on the new nodes. */
export const afterAdminStop = (ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> => each(pending, (node) => services(ctx, node, { admin: false }));

/** Step 6: the first node keeps only Admin; the others run nothing. */
export const afterQuiesce = (ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> =>
  each(pending, (node) => services(ctx, node, node.first ? { admin: true, tm: false, daemons: false } : { admin: false, tm: false, daemons: false }, node.first ? true : undefined));

/** Step 8: Admin started (and operational: the node is registered). */
export const afterAdminStart = (ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> => each(pending, (node) => services(ctx, node, { admin: true }, true));

/** Step 10: stop_all then start_all: Admin and TM run (Online); the protocol servers as start_all leaves them. */
export const afterRestart = (ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> => each(pending, (node) => services(ctx, node, { admin: true, tm: true }, true));
