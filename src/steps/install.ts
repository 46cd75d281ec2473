// The silent install shared by steps 2 and 4 (docs/st-facts.md "Silent installer"):
// the media's two templates, edited as Axway's sample does, staged with the taeh in
// the node's private staging dir (staging.ts) while setup.sh runs, then removed. The
// DB password reaches the installer only inside that 0600 file. One fixed place per
// cluster and node, not per run: a run killed while setup.sh ran leaves the files,
// and the next run removes them.
import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { renderSilentFiles, type SilentFiles } from '../st/silent-files.js';
import { layout } from '../st/layout.js';
import { memo } from '../checks/result.js';
import { firstNode } from '../checks/st-probes.js';
import { stepRef } from '../engine/step-ref.js';
import { accountFacts } from '../checks/st-account.js';
import { mediaTemplates } from '../checks/st-media.js';
import { ActionError } from './action-error.js';
import type { PlanBuilder, TransientFile } from './actions.js';
import { stagingDir, stagingPath } from './staging.js';

// The templates' names on Axway's media; only ever removed by these patterns.
const STAGED = ['Install_Axway_Installer*.properties', 'Install_SecureTransport*.properties', 'taeh'];

/** Removes every staged secret file a run (this one or a killed one) may have left on the nodes. */
export async function removeStaging(ctx: RunContext): Promise<void> {
  await Promise.allSettled(
    ctx.nodes.map((node) =>
      ctx.adapter(node).exec(['sh', '-c', 'cd -- "$1" 2>/dev/null || exit 0; shift; rm -f -- $*', 'sh', stagingDir(ctx, node), ...STAGED], { kind: 'write', timeoutMs: 30_000, sudo: true }),
    ),
  );
}

/** The first node's taeh bytes, read once per run and kept in memory only. */
export function firstNodeTaeh(ctx: RunContext): Promise<Uint8Array> {
  return memo(ctx.memo, 'st.first-taeh-bytes', () => ctx.adapter(firstNode(ctx)).readFile(posix.join(ctx.answers.cluster.installDir, layout.taeh)));
}

/** Both silent files for the node, from its media's templates; rendered once per action run. */
async function silentFiles(ctx: RunContext, node: NodeRef, taehPath: string | undefined): Promise<SilentFiles> {
  const { cluster, database, installer, admin } = ctx.answers;
  const templates = await mediaTemplates(ctx, node);
  if (!templates?.axway || !templates.secureTransport) {
    throw new ActionError(`${node.name}: the installer media has no silent-file templates in ${posix.join(installer.media, 'Components/Configuration')}`, 'Unpack the complete SecureTransport installer media on the node (st.media-present).');
  }
  const read = async (name: string): Promise<{ name: string; text: string }> => ({ name, text: new TextDecoder().decode(await ctx.adapter(node).readFile(posix.join(templates.dir, name))) });
  const account = await accountFacts(ctx, node);
  return renderSilentFiles({
    axwayTemplate: await read(templates.axway),
    stTemplate: await read(templates.secureTransport),
    installDir: cluster.installDir,
    account: account.name,
    nonRoot: account.uid !== 0,
    ...(installer.javaHome ? { javaHome: installer.javaHome } : {}),
    db: { host: database.host, port: database.port, name: database.name, user: database.user, ssl: database.ssl, ...(database.trustStore ? { trustStore: database.trustStore } : {}) },
    dbPassword: await ctx.dbPassword(),
    first: node.first,
    ...(taehPath ? { secretFilePath: taehPath } : {}),
    adminPort: admin.port,
    ...(cluster.autoRegister ? { clusterNodeValue: node.address } : {}),
    extra: installer.properties,
  });
}

/** Umask 022 for the installer (IG Unix prerequisites: "Make sure the umask is set to 022"). */
const withUmask022 = (argv: string[]): string[] => ['sh', '-c', 'umask 022 && exec "$@"', 'sh', ...argv];

export async function installAction(ctx: RunContext, plan: PlanBuilder, node: NodeRef, taehSha?: string | null): Promise<Action> {
  const { cluster, installer } = ctx.answers;
  const templates = await mediaTemplates(ctx, node).catch(() => null);
  // The plan names the media's own files; a media not readable now fails the step's st.media-present first.
  const axwayName = templates?.axway ?? 'Install_Axway_Installer_V*.properties';
  const stName = templates?.secureTransport ?? 'Install_SecureTransport_V*.properties';
  const taehPath = node.first ? undefined : stagingPath(ctx, node, 'taeh');
  let rendered: Promise<SilentFiles> | undefined;
  const files = (c: RunContext): Promise<SilentFiles> => (rendered ??= silentFiles(c, node, taehPath));
  const transient: TransientFile[] = [];
  if (taehPath) {
    // No taeh on the first node yet: a dry run planning step 2 too (its install makes it).
    const which = taehSha ? ` (sha256 ${taehSha.slice(0, 12)}…)` : ctx.dryRun ? ` (after ${stepRef(ctx, 'install-first')}, which makes it)` : '';
    transient.push({ path: taehPath, note: `taeh of ${firstNode(ctx).name}${which}; removed after`, content: (c) => firstNodeTaeh(c) });
  }
  transient.push(
    { path: stagingPath(ctx, node, stName), note: 'SecureTransport silent file from the media template, incl. the DB password; removed after', content: async (c) => (await files(c)).secureTransport.text },
    { path: stagingPath(ctx, node, axwayName), note: `Axway installer file from the media template, includes ${stName}; removed after`, content: async (c) => (await files(c)).axway.text },
  );
  const how = node.first ? 'new schema, new taeh' : `existing schema, taeh of ${firstNode(ctx).name}`;
  const setup = posix.join(installer.media, layout.installerScript);
  const argv = withUmask022([setup, layout.installerSilentFlag, stagingPath(ctx, node, axwayName)]);
  return plan.exec(node, argv, `silent install (${how}${cluster.autoRegister ? ', auto-register' : ''})`, {
    timeoutMs: cluster.timeouts.installSeconds * 1000,
    cwd: installer.media,
    // Axway's sample runs setup.sh with TEMPORARY_DIR set (silent_install_nodes.yml).
    env: { TEMPORARY_DIR: installer.tempDir },
    transient,
    program: setup,
    afterFailure: `The installer's own log is ${posix.join(posix.dirname(cluster.installDir), 'install.log')} on ${node.name}.`,
  });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
