// What "the same healthy cluster" means across two labs whose addresses and
// taeh differ: registered nodes by name, one taeh on every node, who is
// Online, the shared options, and which node's installer succeeded how often.
import { readFile } from 'node:fs/promises';
import type { LabInfo } from '../../src/lab/types.js';
import type { AuditRecord } from '../../src/journal/records.js';
import { clusterNodeRows, labQuery, onlineNodes, taehChecksums } from '../support/cluster-state.js';

export interface ClusterSnapshot {
  registered: string[];
  taehPerNode: number;
  distinctTaeh: number;
  online: string[];
  options: { name: string; values: unknown }[];
}

export async function snapshot(lab: LabInfo): Promise<ClusterSnapshot> {
  const byAddress = new Map(lab.nodes.map((n) => [n.address, n.name]));
  const rows = await clusterNodeRows(lab);
  const sums = await taehChecksums(lab);
  return {
    registered: rows.map((address) => byAddress.get(address) ?? `unknown ${address}`).sort(),
    taehPerNode: sums.filter((s) => s !== null).length,
    distinctTaeh: new Set(sums).size,
    online: (await onlineNodes(lab)).sort(),
    options: await labQuery<{ name: string; values: unknown }>(lab, 'select name, "values" from st_lab_options order by name'),
  };
}

export async function readAudit(file: string): Promise<AuditRecord[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as AuditRecord);
}

/** Silent installs per node from the audit log: set off, succeeded, failed (a second install on a node would fail: its dir is not empty). */
export function installsPerNode(records: readonly AuditRecord[]): Record<string, { started: number; ok: number; failed: number }> {
  const counts: Record<string, { started: number; ok: number; failed: number }> = {};
  for (const r of records) {
    // The installer run itself (setup.sh -s …, behind its umask wrapper), not a command that only names it.
    if (r.op !== 'exec' || !r.argv?.some((a, i) => a.endsWith('/setup.sh') && r.argv![i + 1] === '-s')) continue;
    const c = (counts[r.node] ??= { started: 0, ok: 0, failed: 0 });
    if (r.phase === 'started') c.started += 1;
    else if (r.exitCode === 0) c.ok += 1;
    else c.failed += 1;
  }
  return counts;
}
