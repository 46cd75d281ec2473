// Paths on the jump host are written relative to the answers file, so a
// cluster's directory (answers + licenses + secrets) can move as a whole.
// Paths on the nodes (installDir, sharedFs.path, installer.media) are not touched.
import { homedir } from 'node:os';
import path from 'node:path';
import type { Answers, SecretRef } from './schema.js';

export const isModulePath = (adapter: string): boolean => /^\.{1,2}\//.test(adapter) || path.isAbsolute(adapter);

export function resolveLocalPath(value: string, baseDir: string): string {
  if (value === '~') return homedir();
  if (value.startsWith('~/')) return path.join(homedir(), value.slice(2));
  return path.resolve(baseDir, value);
}

function resolveSecret(ref: SecretRef, baseDir: string): SecretRef {
  return typeof ref === 'object' && 'file' in ref ? { file: resolveLocalPath(ref.file, baseDir) } : ref;
}

/** Returns a copy of the answers with every jump-host path made absolute. */
export function resolveAnswersPaths(answers: Answers, baseDir: string): Answers {
  const local = (value: string): string => resolveLocalPath(value, baseDir);
  const optional = (value: string | undefined): string | undefined => (value === undefined ? undefined : local(value));
  const admin = { ...answers.admin, password: resolveSecret(answers.admin.password, baseDir) };
  if (answers.admin.caFile !== undefined) admin.caFile = local(answers.admin.caFile);
  if (answers.admin.initialPassword !== undefined) admin.initialPassword = resolveSecret(answers.admin.initialPassword, baseDir);
  return {
    ...answers,
    cluster: answers.cluster.stateDir === undefined ? answers.cluster : { ...answers.cluster, stateDir: local(answers.cluster.stateDir) },
    database: { ...answers.database, password: resolveSecret(answers.database.password, baseDir) },
    licenses: { core: local(answers.licenses.core), features: local(answers.licenses.features) },
    admin,
    nodes: answers.nodes.map((node) => {
      const resolved = { ...node };
      if (isModulePath(node.adapter)) resolved.adapter = local(node.adapter);
      if (node.lab) resolved.lab = { ...node.lab, root: local(node.lab.root) };
      if (node.ssh) {
        const ssh = { ...node.ssh };
        if (ssh.identityFile !== undefined) ssh.identityFile = optional(ssh.identityFile);
        if (ssh.knownHostsFile !== undefined) ssh.knownHostsFile = optional(ssh.knownHostsFile);
        resolved.ssh = ssh;
      }
      return resolved;
    }),
  };
}
