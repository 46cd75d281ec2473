import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';

// Step 1 is all checks: it proves the world is ready before anything is written.
// st.no-job-running lives here, not in the first changing step: step 1 runs on every
// node in every real run (its evidence is empty, so a resume runs it too), after the
// lock is taken and before any step may change a node; a preflight shows it as well.
export const prepare = {
  id: 'prepare',
  number: 1,
  title: 'Prepare network, nodes, shared database and shared file system',
  seed: 'Implement and test the network and computers for the cluster, including the shared database and shared file system.',
  targets: 'all',
  done: () => [],
  preconditions: (ctx) => [
    ...on(ctx.nodes, c.nodeReachable, c.nodeHostnameResolves, c.nodeClockSkew, c.nodeInstallDir, c.nodeDiskSpace, c.nodeTempSpace, c.nodePortsFree, c.stNoJobRunning),
    ...on(ctx.nodes, c.nodeStAccount, c.nodeStUmask, c.nodeEcSysctls),
    ...on(ctx.nodes, c.dbReachableFromNode, c.fsMounted, c.stMediaPresent),
    ...cluster(c.nodeOsSame, c.dbReachable, c.dbVersion, c.dbRole, c.dbTablespaces, c.dbMaxConnections, c.fsShared),
  ],
  plan: () => Promise.resolve([]),
  postconditions: () => [],
} satisfies Step;
