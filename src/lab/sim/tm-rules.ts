// Why a TM may not start (docs/st-facts.md "Cluster procedures"): no features license, a
// cluster with members this node is not one of, or more registered nodes than licensed.
// Before any node is registered the server runs stand-alone, its TM too: the first
// Server may be in service before it is clustered [U: inferred in docs/st-facts.md].
import { existsSync, readFileSync } from 'node:fs';
import { clusterNodes, loadDbConfig, withClient } from './db.js';
import type { Home } from './node-context.js';

export function parseLicense(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) entries[match[1]!] = match[2]!;
  }
  return entries;
}

/** The reason TM must not start, or null when it may. */
export async function tmRefusal(home: Home): Promise<string | null> {
  const licenseFile = home.file('conf', 'st.license');
  if (!existsSync(licenseFile)) return `no features license: ${licenseFile} is missing`;
  const license = parseLicense(readFileSync(licenseFile, 'utf8'));
  if (license.EnterpriseCluster !== 'true') return `the features license ${licenseFile} has no Enterprise Cluster option`;
  const maxNodes = Number(license.MaxNodes);
  if (!Number.isInteger(maxNodes) || maxNodes < 1) return `the features license ${licenseFile} has no valid MaxNodes`;
  const address = home.config.address;
  const nodes = await withClient(loadDbConfig(home), clusterNodes);
  if (nodes.length > 0 && !nodes.includes(address)) return `this server (${address}) is not registered in the cluster (registered: ${nodes.join(', ')}); add it through the first Server's Admin (cluster management) before starting its TM`;
  if (nodes.length > maxNodes) return `${nodes.length} servers are registered but the license allows ${maxNodes}`;
  return null;
}
