// Day-two helpers on top of the shared lab support: answers variants, the
// lab's own scripts, and the Admin option read independently of status.
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { createAdminApi } from '../../src/st/admin-api.js';
import { normalizePin } from '../../src/st/admin-pin.js';
import type { LabInfo } from '../../src/lab/types.js';
import { installPath } from '../support/cluster-state.js';
import { runCli } from '../support/lab.js';

export interface AnswersDoc {
  nodes: unknown[];
  cluster: { tls: { enabled: boolean; minDaysLeft: number } };
}

/** A copy of the lab's answers with only the first `nodes` nodes and `edit` applied. */
export async function answersVariant(lab: LabInfo, name: string, nodes: number, edit: (answers: AnswersDoc) => void = () => undefined): Promise<string> {
  const answers = parse(await readFile(lab.answersFile, 'utf8')) as AnswersDoc;
  answers.nodes = answers.nodes.slice(0, nodes);
  edit(answers);
  const file = path.join(lab.dir, name);
  await writeFile(file, stringify(answers));
  return file;
}

export interface StatusJson {
  verdict: 'HEALTHY' | 'DEGRADED' | 'BROKEN';
  online: string[];
  reasons: { level: string; node: string | null; text: string }[];
  nodes: { name: string; online: boolean; offlineReason: string | null; tm: string; taeh: string; registered: boolean | null; licenses: boolean | null; tlsOption: string | null; version: string | null; cert: { present: boolean; daysLeft: number | null } | null }[];
  registered: string[] | null;
  checks: { id: string; node: string | null; status: string }[];
}

export async function status(answers: string): Promise<{ exitCode: number; json: StatusJson; stderr: string }> {
  const run = await runCli(['status', '--answers', answers, '--json']);
  return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as StatusJson, stderr: run.stderr };
}

/** Runs one of a lab node's own bin/ scripts, as an operator would by hand. */
export async function nodeScript(root: string, script: string): Promise<void> {
  await execa(installPath(root, `bin/${script}`), [], { timeout: 60_000 });
}

/** Cluster.enable.SSL read straight from a node's Admin REST API, not through status. */
export async function tlsOption(lab: LabInfo, node = 0): Promise<string[] | null> {
  const password = (await readFile(lab.adminPasswordFile, 'utf8')).trim();
  const answers = parse(await readFile(lab.answersFile, 'utf8')) as { admin: { port: number } };
  const cert = new X509Certificate(await readFile(installPath(lab.nodes[node]!.root, 'conf/certs/admind.pem')));
  // The lab's Admin certificates are self-issued: trusted by their pin, as st-cluster does.
  const pin = { pin: normalizePin(cert.fingerprint256), source: 'the test' };
  const admin = createAdminApi({ address: lab.nodes[node]!.address, port: answers.admin.port, user: 'admin', password: { reveal: () => password }, pin: () => Promise.resolve(pin) });
  return admin.getOption('Cluster.enable.SSL');
}

/** The operator installs a features license for `max` nodes on the jump host and on every installed node. */
export async function raiseLicensedNodes(lab: LabInfo, max: number, installedNodes: number): Promise<void> {
  const file = path.join(lab.dir, 'licenses', 'st.license');
  const text = (await readFile(file, 'utf8')).replace(/^MaxNodes=\d+$/m, `MaxNodes=${max}`);
  await writeFile(file, text);
  for (const node of lab.nodes.slice(0, installedNodes)) await writeFile(installPath(node.root, 'conf/st.license'), text);
}
