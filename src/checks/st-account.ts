// The account that owns and runs SecureTransport (docs/st-facts.md "The ST account"):
// "Log in to the system as the user who will run SecureTransport" (IG Unix
// prerequisites); Axway's sample installs with become_user: ST_USER. Every command
// st-cluster runs for ST goes through the adapter's sudo setting, so these probes do too.
import { posix } from 'node:path';
import type { NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { CouldNotLookError } from '../engine/errors.js';
import { causeOf, couldNotLook, fail, pass, warn } from './result.js';
import { memoKey } from '../engine/memo.js';

const accountKey = (node: NodeRef) => memoKey<Promise<AccountFacts>>(`st.account:${node.name}`);

export interface AccountFacts {
  /** Who the adapter's ST commands run as (`id -un`). */
  name: string;
  uid: number;
  /** The Axway home (the install dir's parent), or its nearest existing ancestor. */
  base: string;
  baseExists: boolean;
  baseOwner: string;
  baseWritable: boolean;
}

const PROBE = `id -un && id -u || exit 90
d=$1; while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
printf '%s\\n' "$d"; stat -c %U -- "$d" || exit 91
if [ -w "$d" ]; then echo writable; else echo read-only; fi`;

/** Runs as the ST account (through sudo where configured); a refusal of sudo is a could-not-look with sudo's own words. */
export function accountFacts(ctx: RunContext, node: NodeRef): Promise<AccountFacts> {
  return ctx.memo.once(accountKey(node), async () => {
    const home = posix.dirname(ctx.answers.cluster.installDir);
    const result = await ctx.adapter(node).exec(['sh', '-c', PROBE, 'sh', home], { kind: 'read', timeoutMs: 30_000, sudo: true }).catch((error: unknown) => {
      throw new CouldNotLookError(node.name, 'the SecureTransport account', causeOf(error, node.name));
    });
    const [name = '', uid = '', base = '', owner = '', access = ''] = result.stdout.trim().split('\n');
    if (result.exitCode !== 0 || !access) throw new CouldNotLookError(node.name, 'the SecureTransport account', result.stderr.trim().split('\n').pop() || `exit ${result.exitCode}`);
    return { name, uid: Number(uid), base, baseExists: base === home, baseOwner: owner, baseWritable: access === 'writable' };
  });
}

export const nodeStAccount: NodeCheck = {
  id: 'node.st-account',
  title: 'SecureTransport account exists, runs the commands, owns the Axway home or may create it',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const want = ctx.answers.cluster.account;
    let facts: AccountFacts;
    try {
      facts = await accountFacts(ctx, node);
    } catch (error) {
      const cause = error instanceof CouldNotLookError ? error.why : causeOf(error, node.name);
      return couldNotLook(`cannot run a command as the SecureTransport account${want ? ` ${want}` : ''}: ${cause}`, want
        ? `Create the account on ${node.name} (useradd ${want}) and let the ssh login user run commands as it without a password (sudoers: LOGIN ALL=(${want}) NOPASSWD: ALL).`
        : undefined);
    }
    if (want && facts.name !== want) {
      return fail(`st-cluster's commands run as ${facts.name}, not as the SecureTransport account ${want}`,
        `Log in as ${want} (ssh.user) or through an account that may sudo -n -u ${want}; the lab and local adapters run as the user who runs st-cluster.`);
    }
    const who = `${facts.name} (uid ${facts.uid})`;
    if (facts.baseExists && facts.baseOwner !== facts.name && !facts.baseWritable) {
      return fail(`${facts.base} belongs to ${facts.baseOwner}; ${who} may not write there`, `chown ${facts.name} ${facts.base} on ${node.name}: the installer writes the Axway home (install.log, the install dir) as this account.`);
    }
    if (!facts.baseExists && !facts.baseWritable) {
      return fail(`${posix.dirname(ctx.answers.cluster.installDir)} is absent and ${who} may not create it in ${facts.base}`, `Create it for the account on ${node.name}: mkdir -p ${posix.dirname(ctx.answers.cluster.installDir)} && chown ${facts.name} ${posix.dirname(ctx.answers.cluster.installDir)}.`);
    }
    return pass(`SecureTransport runs as ${who}${facts.baseExists ? `, ${facts.base} writable` : `, may create it in ${facts.base}`}`);
  },
};

export const nodeStUmask: NodeCheck = {
  id: 'node.st-umask',
  title: 'umask 022 for the SecureTransport account',
  severity: 'warning',
  scope: 'node',
  async run(ctx, node) {
    // A login shell: what ST's scripts get when the operator or a service starts them later.
    const result = await ctx.adapter(node).exec(['sh', '-lc', 'umask'], { kind: 'read', timeoutMs: 30_000, sudo: true });
    const mask = result.stdout.trim().split('\n').pop() ?? '';
    if (result.exitCode !== 0 || !/^0?[0-7]{3,4}$/.test(mask)) return couldNotLook(`umask printed "${mask}" (exit ${result.exitCode})`);
    if (Number.parseInt(mask, 8) === 0o022) return pass(`umask ${mask}`);
    return warn(`the SecureTransport account's login umask is ${mask}, Axway asks for 022`, `Set "umask 022" in the account's ~/.profile on ${node.name}; st-cluster runs its own commands with umask 022 either way.`);
  },
};
