import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdapterContext, AdapterFactory, NodeAdapter } from './types.js';
import { AdapterError } from './types.js';

const METHODS = ['exec', 'readFile', 'writeFile', 'remove', 'stat', 'sha256', 'close'] as const;
const REASONS = new Set(['connection-refused', 'timeout', 'auth', 'host-key', 'unreachable', 'dry-run-write', 'io', 'not-found', 'other']);

export const isModuleReference = (adapter: string): boolean => /^(\.{1,2}\/|\/)/.test(adapter) || /\.(m?js|cjs)$/.test(adapter);

function pluginError(node: string, modulePath: string, problem: string): AdapterError {
  return new AdapterError(
    node,
    'other',
    `node ${node}: adapter module ${modulePath} ${problem}`,
    'An adapter module must export "createAdapter(context)" returning a NodeAdapter; check it with "st-cluster adapter test MODULE".',
  );
}

/** Imports an adapter module and checks it exports a createAdapter function. */
export async function loadAdapterModule(node: string, modulePath: string, baseDir: string): Promise<AdapterFactory> {
  const absolute = path.resolve(baseDir, modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    const wrapped = pluginError(node, absolute, `could not be imported: ${error instanceof Error ? error.message : String(error)}`);
    wrapped.cause = error;
    throw wrapped;
  }
  const factory = mod.createAdapter;
  if (typeof factory !== 'function') {
    throw pluginError(node, absolute, `does not export a createAdapter function (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  }
  return factory as AdapterFactory;
}

// A plugin cannot import our AdapterError class; an error with a known `reason` is taken as one.
function normalizeError(node: string, error: unknown): unknown {
  if (error instanceof AdapterError || !(error instanceof Error)) return error;
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason !== 'string' || !REASONS.has(reason)) return error;
  const wrapped = new AdapterError(node, reason as AdapterError['reason'], error.message, (error as { fix?: string }).fix);
  wrapped.cause = error;
  return wrapped;
}

/** Calls a factory, checks the adapter's shape, and maps the plugin's errors onto AdapterError. */
export async function instantiateAdapter(factory: AdapterFactory, context: AdapterContext, modulePath: string): Promise<NodeAdapter> {
  const node = context.node.name;
  const adapter = (await factory(context)) as Partial<NodeAdapter> | null | undefined;
  const missing = METHODS.filter((m) => typeof adapter?.[m] !== 'function');
  if (!adapter || missing.length > 0 || typeof adapter.kind !== 'string') {
    const problems = [...missing.map((m) => `${m}()`), ...(typeof adapter?.kind === 'string' ? [] : ['kind'])];
    throw pluginError(node, modulePath, `returned an adapter without ${problems.join(', ')}`);
  }
  const full = adapter as NodeAdapter;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        throw normalizeError(node, error);
      }
    };
  return {
    kind: full.kind,
    node: typeof full.node === 'string' ? full.node : node,
    exec: wrap(full.exec.bind(full)),
    readFile: wrap(full.readFile.bind(full)),
    writeFile: wrap(full.writeFile.bind(full)),
    remove: wrap(full.remove.bind(full)),
    stat: wrap(full.stat.bind(full)),
    sha256: wrap(full.sha256.bind(full)),
    close: wrap(full.close.bind(full)),
  } satisfies NodeAdapter;
}
