// Reads what a lab cluster really is: CLUSTERNODE rows, taeh checksums, live services.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { hostPid } from '../../src/lab/hosts/pids.js';
import type { LabInfo, LabNode } from '../../src/lab/types.js';

const INSTALL = 'opt/Axway/SecureTransport';

export async function labQuery<T extends Record<string, unknown>>(lab: LabInfo, sql: string): Promise<T[]> {
  const password = (await readFile(lab.dbPasswordFile, 'utf8')).trim();
  const client = new pg.Client({ host: lab.db.host, port: lab.db.port, database: lab.db.name, user: lab.db.user, password });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function clusterNodeRows(lab: LabInfo): Promise<string[]> {
  const rows = await labQuery<{ serveraddress: string }>(lab, 'select serveraddress from clusternode order by serveraddress');
  return rows.map((r) => r.serveraddress);
}

export async function taehChecksums(lab: LabInfo): Promise<(string | null)[]> {
  return Promise.all(
    lab.nodes.map(async (node) => {
      try {
        return createHash('sha256').update(await readFile(path.join(node.root, INSTALL, 'bin/taeh'))).digest('hex');
      } catch {
        return null;
      }
    }),
  );
}

export async function serviceAlive(root: string, pidFile: string): Promise<boolean> {
  try {
    const pid = Number((await readFile(path.join(root, INSTALL, pidFile), 'utf8')).trim());
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** On a node of a hosts lab the pid files hold the node's own pids (its PID namespace). */
async function aliveOn(node: LabNode, pidFile: string): Promise<boolean> {
  if (!node.host) return serviceAlive(node.root, pidFile);
  try {
    const pid = Number((await readFile(path.join(node.root, INSTALL, pidFile), 'utf8')).trim());
    return hostPid(node.host.netns, pid) !== null;
  } catch {
    return false;
  }
}

/** Online per ST: Admin and TM running. */
export async function onlineNodes(lab: LabInfo): Promise<string[]> {
  const online: string[] = [];
  for (const node of lab.nodes) {
    if ((await aliveOn(node, 'var/run/admin/tomcat.pid')) && (await aliveOn(node, 'var/run/tm.pid'))) online.push(node.name);
  }
  return online;
}

export const installPath = (root: string, relative: string): string => path.join(root, INSTALL, relative);
