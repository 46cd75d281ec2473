// Where secrets are staged on a node while the installer runs (issue 11 item 9): a
// directory beside the install dir that only the account running SecureTransport
// can enter, under a fixed name per cluster so that the next run finds what a
// killed one left and removes it. Never a predictable name in a world-writable
// directory: another local user could pre-create it, or plant a symlink, and read
// the DB password or the taeh.
import { posix } from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import { ActionError } from './action-error.js';

// One directory per node: the installer finds the SecureTransport file it includes by
// name beside the installer file, so both keep the media's names ("." is in neither a
// cluster nor a node name, so two clusters' places never meet).
export const stagingDir = (ctx: RunContext, node: NodeRef): string =>
  posix.join(posix.dirname(ctx.answers.cluster.installDir), `.st-cluster-${ctx.answers.cluster.name}.${node.name}`);

/** The copied taeh is named taeh, as in Axway's docs and sample (SecretFilePath = …/taeh). */
export const stagingPath = (ctx: RunContext, node: NodeRef, file: string): string => posix.join(stagingDir(ctx, node), file);

// mkdir without -p for the leaf: an object already there is judged, never reused blindly.
// `stat` without -L names a symlink as one. GNU coreutils stat (RHEL, SLES, Debian).
const PREPARE = 'umask 077; mkdir -p -- "$(dirname -- "$1")" || exit 1; mkdir -- "$1" 2>/dev/null; stat -c "%F|%u|%a" -- "$1" && id -u';

/** Creates (or finds, from an earlier run) the private staging dir, and proves it is private before anything is put in it. */
export async function preparePrivateDir(adapter: NodeAdapter, node: string, dir: string): Promise<void> {
  const result = await adapter.exec(['sh', '-c', PREPARE, 'sh', dir], { kind: 'write', timeoutMs: 30_000, sudo: true });
  const [found = '', me = ''] = result.stdout.trim().split('\n');
  const [type, uid, mode] = found.split('|');
  if (result.exitCode === 0 && type === 'directory' && uid === me.trim() && mode === '700') return;
  const what =
    result.exitCode !== 0 ? `not usable (${(result.stderr.trim() || `exit ${result.exitCode}`).split('\n').slice(-1)[0]})`
    : type !== 'directory' ? `a ${type ?? 'thing'}, not a directory`
    : uid !== me.trim() ? `owned by uid ${uid}, not by the account running SecureTransport (uid ${me.trim()})`
    : `mode ${mode}, not 700`;
  throw new ActionError(
    `${node}: the staging place ${dir} is ${what}; the DB password and the taeh are never put there.`,
    `${dir} must be a directory of the account that runs SecureTransport, mode 0700, not a symlink. If you do not know who made it, find out first; otherwise remove it (rm -rf ${dir}) and run again.`,
  );
}
