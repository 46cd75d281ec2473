import type { NodeAdapter } from './types.js';
import { AdapterError } from './types.js';
import type { SshRuntimeOptions, SshSettings } from './ssh-options.js';

export interface SshAdapterOptions {
  node: string;
  address: string;
  settings: SshSettings;
  baseDir: string;
  runtime: SshRuntimeOptions;
}

export function createSshAdapter(options: SshAdapterOptions): NodeAdapter {
  throw new AdapterError(options.node, 'other', `node ${options.node}: the ssh adapter is being built`);
}
