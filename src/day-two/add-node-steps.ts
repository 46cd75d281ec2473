// `st-cluster add-node`: the seed's add-a-server procedure (docs/st-facts.md "Cluster
// procedures") as steps for the same runner, composed of the setup's checks and
// action builders. Every step works on the one new node it closes over.
import * as c from '../checks/index.js';
import { firstNode, firstTaeh } from '../checks/st-probes.js';
import { cluster, on } from '../engine/check-runner.js';
import { UsageError } from '../engine/errors.js';
import type { NodeRef, RunContext, Step } from '../engine/types.js';
import { PlanBuilder } from '../steps/actions.js';
import { skipWhenAutoRegister } from '../steps/auto-register.js';
import { all, either } from '../steps/evidence.js';
import { installAction } from '../steps/install.js';
import { licenseCopies } from '../steps/licenses.js';
import { manualRegistration } from '../steps/register-manual.js';
import { licenseNodeCount } from './checks.js';

const adminReady = (ctx: RunContext, plan: PlanBuilder, node: NodeRef): ReturnType<PlanBuilder['wait']> =>
  plan.waitFor(node, 'Admin up and operational', ctx.answers.cluster.timeouts.adminReadySeconds, [c.stAdminReady], 'Look at tomcat/admin/logs/catalina.out on the node.');

export function addNodeSteps(node: NodeRef): Step[] {
  const only = [node];
  const nodeCount = licenseNodeCount(node);
  const quiet = all('st.quiesced', c.stAdminStopped, c.stTmStopped);
  return [
    {
      id: 'add-preflight',
      title: `Preflight for ${node.name} beside the running cluster`,
      seed: 'Implement and test the network and computers for the cluster, including the shared database and shared file system.',
      targets: 'all',
      done: () => [],
      preconditions: (ctx) => [
        ...on(only, c.nodeReachable, c.nodeHostnameResolves, c.nodeClockSkew, c.nodeInstallDir, c.nodeDiskSpace, c.nodePortsFree),
        ...on(only, c.dbReachableFromNode, c.fsMounted, c.stMediaPresent, c.taehIdentical(true)),
        ...on([firstNode(ctx)], c.stInstalled, c.stAdminReady),
        ...cluster(c.nodeOsSame, c.dbReachable, c.dbSchemaPresent, c.fsShared, nodeCount),
      ],
      plan: () => Promise.resolve([]),
      postconditions: () => [],
    },
    {
      id: 'add-install',
      title: `Install ${node.name} with the existing schema and the cluster's taeh`,
      seed: 'Specify the same installation directory, specify usage of the existing database schema, and import the taeh file from the first Server.',
      targets: 'all',
      done: () => on(only, c.stInstalled, c.stVersionSame, c.stTaehIdentical),
      preconditions: (ctx) => [...cluster(c.dbSchemaPresent), ...on([firstNode(ctx)], c.stInstalled), ...on(only, c.stMediaPresent, c.nodeInstallDir, c.nodeStAccount, c.nodeTempSpace, c.taehIdentical(true))],
      async plan(ctx) {
        const plan = new PlanBuilder('add-install');
        const phases = [[await installAction(ctx, plan, node, await firstTaeh(ctx))]];
        // An auto-registered node comes up operational: wait for it before licensing.
        if (ctx.answers.cluster.autoRegister) phases.push([adminReady(ctx, plan, node)]);
        return phases;
      },
      // The media's version shows only once installed: a different one fails here, before the node joins.
      postconditions: () => on(only, c.stInstalled, c.stVersionSame, c.stTaehIdentical),
    },
    {
      id: 'add-stop',
      title: `Stop Admin and TM on ${node.name}`,
      seed: 'The server to add must have its Admin and TM services stopped.',
      targets: 'all',
      skipReason: skipWhenAutoRegister,
      done: () => on(only, either('st.quiesced', c.stRegistered, quiet)),
      // The node joins a running cluster: no stray address, the count with it within the license.
      preconditions: () => cluster(...c.restartProof({ members: (x) => x.nodes, registration: 'building', licensed: () => [] })),
      plan(ctx) {
        const plan = new PlanBuilder('add-stop');
        return Promise.resolve([[plan.script(ctx, node, 'stop', 'all')], [plan.waitFor(node, 'Admin and TM stopped', ctx.answers.cluster.timeouts.serviceStopSeconds, [quiet], 'Stop them by hand: bin/stop_all -f.')]]);
      },
      postconditions: () => on(only, c.stAdminStopped, c.stTmStopped),
    },
    {
      id: 'add-register',
      title: `Add ${node.address} to the cluster through the first Server's Admin`,
      seed: "Add the server's address to the cluster once, through the Administration Tool of a running Server.",
      targets: 'all',
      skipReason: skipWhenAutoRegister,
      done: () => on(only, c.stRegistered),
      preconditions: (ctx) => [
        ...on([firstNode(ctx)], c.stAdminReady),
        ...on(only, c.stAdminStopped, c.stTmStopped),
        ...cluster(nodeCount, ...(ctx.answers.admin.register.method === 'api' ? [c.stRegisterApi] : [])),
      ],
      plan(ctx) {
        const plan = new PlanBuilder('add-register');
        const first = firstNode(ctx);
        const { register, port } = ctx.answers.admin;
        if (register.method === 'manual') return Promise.resolve([[{ ...manualRegistration(ctx, plan, first, only), step: 'add-register' }]]);
        if (!register.addPath) throw new UsageError('admin.register.addPath is not set', 'Set admin.register.addPath, or cluster.autoRegister: true.');
        const path = register.addPath;
        const add = plan.api(node, `add ${node.address} to the cluster`, { method: 'POST', url: `https://${first.address}:${port}${path}` }, (x) => x.admin(first).addClusterNode(path, node.address));
        const listed = plan.waitFor(first, `cluster management lists ${node.address}`, ctx.answers.cluster.timeouts.registerSeconds, [c.stRegistered], 'Check Server Configuration > Cluster Management in the first node\'s Admin Tool.', node);
        return Promise.resolve([[add], [listed]]);
      },
      postconditions: () => on(only, c.stRegistered),
    },
    {
      id: 'add-start-admin',
      title: `Start Admin on ${node.name}`,
      seed: 'Start the Admin service on the newly-installed Secure Transport server.',
      targets: 'all',
      skipReason: skipWhenAutoRegister,
      preconditions: () => on(only, c.stRegistered),
      plan: (ctx) => {
        const plan = new PlanBuilder('add-start-admin');
        return Promise.resolve([[plan.script(ctx, node, 'start', 'admin')], [adminReady(ctx, plan, node)]]);
      },
      postconditions: () => on(only, c.stAdminReady),
    },
    {
      id: 'add-license',
      title: `Install the licenses on ${node.name}`,
      seed: 'Install the SecureTransport licenses for the newly-installed SecureTransport Server; the rest of the configuration comes from the cluster.',
      targets: 'all',
      preconditions: () => on(only, c.stInstalled),
      plan: async (ctx) => [await licenseCopies(ctx, new PlanBuilder('add-license'), node)],
      postconditions: () => on(only, c.stLicensePresent),
    },
    {
      id: 'add-start',
      title: `Start TM and the protocol servers on ${node.name}`,
      seed: 'Start the Admin, TM and protocol servers of the added server.',
      targets: 'all',
      done: () => on(only, c.stOnline, c.stRegistered),
      preconditions: () => on(only, c.stRegistered, c.stLicensePresent, c.stAdminReady),
      plan(ctx) {
        const plan = new PlanBuilder('add-start');
        const wait = plan.waitFor(node, 'Online (Admin and TM running)', ctx.answers.cluster.timeouts.adminReadySeconds, [c.stOnline], 'See var/logs on the node; a TM over the licensed node count will not start.');
        return Promise.resolve([[plan.script(ctx, node, 'start', 'all')], [wait]]);
      },
      postconditions: () => on(only, c.stOnline, c.stRegistered, c.stAdmindCert),
    },
  ] satisfies Step[];
}
