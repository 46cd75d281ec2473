import { userInfo } from 'node:os';
import type { NodeAnswers } from '../answers/schema.js';
import type { NodeAdapter } from './types.js';
import { AdapterError } from './types.js';
import { createLabAdapter } from './lab.js';
import { createLocalAdapter } from './local.js';
import { instantiateAdapter, isModuleReference, loadAdapterModule } from './plugin.js';
import type { SshRuntimeOptions } from './ssh-args.js';

export { guardAdapter, type GuardOptions } from './guard.js';
export type { SshRuntimeOptions } from './ssh-args.js';

export interface CreateNodeAdapterOptions {
  /** Directory of the answers file: relative module paths and key files resolve against it. */
  baseDir: string;
  ssh?: SshRuntimeOptions;
  /** cluster.account: ST commands and files for ST go through `sudo -n -u` it when the ssh login differs. */
  account?: string;
}

/** The ssh settings with the ST account's sudo: an explicit ssh.sudo wins; logging in as the account needs none. */
export function sshSettingsFor(node: NodeAnswers, account: string | undefined, localUser: string): NonNullable<NodeAnswers['ssh']> {
  const settings = node.ssh ?? {};
  if (account === undefined || settings.sudo !== undefined || (settings.user ?? localUser) === account) return settings;
  return { ...settings, sudo: { user: account } };
}

/** Picks the node's adapter from its answers: local, lab, ssh or an adapter module path. */
export async function createNodeAdapter(node: NodeAnswers, options: CreateNodeAdapterOptions): Promise<NodeAdapter> {
  const adapter = node.adapter ?? 'ssh';
  switch (adapter) {
    case 'local':
      return createLocalAdapter({ node: node.name });
    case 'lab':
      if (!node.lab) {
        throw new AdapterError(node.name, 'other', `node ${node.name}: adapter "lab" needs lab.root`, `Add "lab: { root: /path/to/lab/nodes/${node.name} }" to node ${node.name}.`);
      }
      return createLabAdapter({ node: node.name, root: node.lab.root, latencyMs: node.lab.latencyMs });
    case 'ssh': {
      const { createSshAdapter } = await import('./ssh.js');
      const settings = sshSettingsFor(node, options.account, userInfo().username);
      return createSshAdapter({ node: node.name, address: node.address, settings, baseDir: options.baseDir, runtime: options.ssh ?? {} });
    }
    default: {
      if (!isModuleReference(adapter)) {
        throw new AdapterError(
          node.name,
          'other',
          `node ${node.name}: unknown adapter "${adapter}"`,
          'Use local, lab, ssh, or a path to an adapter module such as ./my-adapter.js (relative to the answers file).',
        );
      }
      const factory = await loadAdapterModule(node.name, adapter, options.baseDir);
      const context = { node: { name: node.name, address: node.address, settings: node.options ?? {} }, baseDir: options.baseDir };
      return instantiateAdapter(factory, context, adapter);
    }
  }
}
