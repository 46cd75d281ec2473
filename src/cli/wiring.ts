// The composition root: answers → ports → RunContext. The only place that
// knows which adapter, database client and Admin client a run uses.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { LoadedAnswers } from '../answers/index.js';
import { createNodeAdapter } from '../adapters/index.js';
import { guardAdapter } from '../adapters/guard.js';
import type { NodeAdapter } from '../adapters/types.js';
import { createDb } from '../db/pg-db.js';
import type { EventSink } from '../engine/events.js';
import type { AuditEntry } from '../journal/audit-adapter.js';
import type { SshRuntimeOptions } from '../adapters/index.js';
import { systemClock } from '../engine/poll.js';
import type { JumpHost, NodeRef, RunContext } from '../engine/types.js';
import { createAdminApi } from '../st/admin-api.js';
import { adminTrust } from '../st/admin-trust.js';
import { removeStaging } from '../steps/install.js';
import type { AdminApi } from '../st/admin-types.js';
import { Memo } from '../engine/memo.js';

export interface WiringOptions {
  dryRun: boolean;
  parallel: number;
  events: EventSink;
  acceptNewHostKeys?: boolean;
  runId?: string;
  /** The audit log of a real run: host keys trusted on first use are recorded there. */
  recordAudit?: (entry: AuditEntry) => void;
  /** Wraps each node adapter inside the dry-run guard (the audit log records what really reached the node). */
  wrapAdapter?: (adapter: NodeAdapter) => NodeAdapter;
}

export interface Wired {
  ctx: RunContext;
  close(): Promise<void>;
}

export const localJumpHost: JumpHost = {
  readFile: async (path) => new Uint8Array(await readFile(path)),
  sha256: (path) =>
    new Promise((resolve) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', () => resolve(hash.digest('hex')))
        .on('error', () => resolve(null));
    }),
};

export async function wire(loaded: LoadedAnswers, options: WiringOptions): Promise<Wired> {
  const { answers, baseDir, secrets } = loaded;
  const nodes: NodeRef[] = answers.nodes.map((n: { name: string; address: string }, index: number) => ({ name: n.name, address: n.address, index, first: index === 0 }));
  const adapters = new Map<string, NodeAdapter>();
  // Nodes where a command may still run — one a second interrupt cut, or another run's job that
  // st.no-job-running found (or could not rule out): their staged files stay for it.
  const cutNodes = new Set<string>();
  const events: EventSink = {
    emit(event) {
      if (event.type === 'action' && event.status === 'cut') cutNodes.add(event.node);
      if (event.type === 'check' && event.id === 'st.no-job-running' && event.status !== 'pass' && event.node) cutNodes.add(event.node);
      options.events.emit(event);
    },
  };
  const ssh: SshRuntimeOptions = {
    acceptNewHostKeys: options.acceptNewHostKeys ?? false,
    dryRun: options.dryRun,
    onHostKeyAccepted: (accepted) => {
      for (const fingerprint of accepted.fingerprints) {
        const { node, host, port, knownHostsFile } = accepted;
        events.emit({ type: 'host-key', node, host, port, fingerprint, knownHostsFile, dryRun: options.dryRun, ...(accepted.bastion ? { bastion: true } : {}) });
        options.recordAudit?.({ node, adapter: 'ssh', op: 'host-key', host, port, fingerprint, knownHostsFile, durationMs: 0 });
      }
    },
  };
  for (const [index, node] of answers.nodes.entries()) {
    const raw = await createNodeAdapter(node, { baseDir, ssh, ...(answers.cluster.account ? { account: answers.cluster.account } : {}) });
    // Dry runs are refused writes here, at the adapter: a bug in a step cannot change a node.
    adapters.set(nodes[index]!.name, guardAdapter(options.wrapAdapter ? options.wrapAdapter(raw) : raw, { dryRun: options.dryRun, probeRoots: [answers.sharedFs.path] }));
  }
  const dbPassword = await secrets.get('database.password');
  const adminPassword = await secrets.get('admin.password');
  const initialPassword = await secrets.get('admin.initialPassword');
  const pinOf = adminTrust({
    answers,
    adapter: (node) => adapters.get(node.name)!,
    onPinned: (node, pin) => events.emit({ type: 'admin-pin', node: node.name, host: node.address, port: answers.admin.port, fingerprint: pin.pin, source: pin.source }),
  });
  const db = createDb({ host: answers.database.host, port: answers.database.port, name: answers.database.name, user: answers.database.user, password: dbPassword.reveal(), ssl: answers.database.ssl });
  const admins = new Map<string, AdminApi>();
  const adminFor = (node: NodeRef, login: 'password' | 'initial'): AdminApi => {
    const key = `${login}:${node.name}`;
    let api = admins.get(key);
    if (!api) {
      const pin = pinOf(node);
      api = createAdminApi({
        nodeName: node.name,
        address: node.address,
        port: answers.admin.port,
        user: answers.admin.user,
        password: login === 'initial' ? initialPassword : adminPassword,
        ...(answers.admin.caFile ? { caFile: answers.admin.caFile } : {}),
        ...(pin ? { pin } : {}),
      });
      admins.set(key, api);
    }
    return api;
  };
  const ctx: RunContext = {
    answers,
    nodes,
    runId: options.runId ?? `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
    dryRun: options.dryRun,
    parallel: options.parallel,
    adapter: (node) => adapters.get(node.name)!,
    admin: (node, login = 'password'): AdminApi => adminFor(node, login),
    db,
    jumpHost: localJumpHost,
    dbPassword: () => Promise.resolve(dbPassword),
    adminPassword: () => Promise.resolve(adminPassword),
    clock: systemClock,
    events,
    memo: new Memo(),
  };
  return {
    ctx,
    async close() {
      // Whatever ended the run (done, failed, Ctrl-C), no staged secret stays on a node.
      if (!options.dryRun) await removeStaging({ ...ctx, nodes: ctx.nodes.filter((n) => !cutNodes.has(n.name)) });
      await Promise.allSettled([...adapters.values()].map((a) => a.close()));
      await db.close();
    },
  };
}
