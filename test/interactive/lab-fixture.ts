// A lab for one terminal test: random loopback addresses (others run labs at the
// same time), the test PostgreSQL as its database, torn down afterwards.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labDown, labUp, type LabInfo } from '../../src/lab/index.js';

export const packageDir = path.resolve(import.meta.dirname, '../..');
export const cli = path.join(packageDir, 'bin', 'st-cluster');

const octet = (): number => 2 + Math.floor(Math.random() * 250);

export async function startLab(pgUrl: string, options: { installDelayMs?: number } = {}): Promise<LabInfo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-wizard-lab-'));
  const name = `wz${Math.random().toString(36).slice(2, 8)}`;
  return labUp({ dir, nodes: 2, dbUrl: pgUrl, addressBase: `127.${octet()}.${octet()}.10`, name, labCa: true, ...options });
}

export async function stopLab(lab: LabInfo | undefined): Promise<void> {
  if (lab) await labDown(lab.dir).catch(() => undefined);
}

/** What an operator does in the Admin Tool for step 7: add one address through node 1's Admin. */
export async function addNodeInAdminTool(lab: LabInfo, address: string, adminPort = 8444): Promise<number> {
  const first = lab.nodes[0]!;
  const password = readFileSync(lab.adminPasswordFile, 'utf8').trim();
  const body = JSON.stringify({ serverAddress: address });
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: first.address,
        port: adminPort,
        method: 'POST',
        path: '/api/v2.0/configurations/clusterManagement/nodes',
        ca: readFileSync(lab.caFile!),
        auth: `admin:${password}`,
        headers: { 'content-type': 'application/json', referer: 'st-cluster-test' },
        checkServerIdentity: () => undefined,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
