// The silent install shared by steps 2 and 4 (ST-FACTS.md "Silent installer").
// The DB password reaches the installer only inside a 0600 properties file that
// exists while setup.sh runs, in the node's private staging dir (staging.ts); the
// taeh travels the same way. One fixed name per cluster and node, not per run: a
// run killed while setup.sh ran leaves the file, and the next run removes it.
import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { renderInstallerProperties } from '../st/installer-properties.js';
import { layout } from '../st/layout.js';
import { memo } from '../checks/result.js';
import { firstNode } from '../checks/st-probes.js';
import type { PlanBuilder, TransientFile } from './actions.js';
import { stagingPath } from './staging.js';

/** Removes every staged secret file a run (this one or a killed one) may have left on the nodes. */
export async function removeStaging(ctx: RunContext): Promise<void> {
  await Promise.allSettled(
    ctx.nodes.flatMap((node) => (['properties', 'taeh'] as const).map((suffix) => ctx.adapter(node).remove(stagingPath(ctx, node, suffix)))),
  );
}

/** The first node's taeh bytes, read once per run and kept in memory only. */
export function firstNodeTaeh(ctx: RunContext): Promise<Uint8Array> {
  return memo(ctx.memo, 'st.first-taeh-bytes', () => ctx.adapter(firstNode(ctx)).readFile(posix.join(ctx.answers.cluster.installDir, layout.taeh)));
}

export function installAction(ctx: RunContext, plan: PlanBuilder, node: NodeRef, taehSha?: string | null): Action {
  const { cluster, database, installer, admin } = ctx.answers;
  const propertiesPath = stagingPath(ctx, node, 'properties');
  const taehPath = node.first ? undefined : stagingPath(ctx, node, 'taeh');
  const transient: TransientFile[] = [];
  if (taehPath) {
    transient.push({
      path: taehPath,
      note: `taeh of ${firstNode(ctx).name}${taehSha ? ` (sha256 ${taehSha.slice(0, 12)}…)` : ''}; removed after`,
      content: (c) => firstNodeTaeh(c),
    });
  }
  transient.push({
    path: propertiesPath,
    note: 'installer properties incl. the DB password; removed after',
    content: async (c) =>
      renderInstallerProperties({
        installDir: cluster.installDir,
        db: { host: database.host, port: database.port, name: database.name, user: database.user },
        dbPassword: await c.dbPassword(),
        first: node.first,
        ...(taehPath ? { secretFilePath: taehPath } : {}),
        adminPort: admin.port,
        ...(cluster.autoRegister ? { clusterNodeValue: node.address } : {}),
        extra: installer.properties,
      }).text,
  });
  const how = node.first ? 'new schema, new taeh' : `existing schema, taeh of ${firstNode(ctx).name}`;
  return plan.exec(node, [posix.join(installer.media, 'setup.sh'), '-s', propertiesPath], `silent install (${how}${cluster.autoRegister ? ', auto-register' : ''})`, {
    timeoutMs: cluster.timeouts.installSeconds * 1000,
    cwd: installer.media,
    transient,
  });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
