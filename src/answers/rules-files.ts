// Files the jump host reads: they must exist now, not fail halfway through step 3.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Rule, RuleContext } from './rule-types.js';
import type { KeyPath } from './yaml-source.js';

async function requireReadableFile(ctx: RuleContext, path: KeyPath, file: string, what: string, fix: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info) {
    ctx.report(path, `${what} ${file} does not exist`, fix);
  } else if (!info.isFile()) {
    ctx.report(path, `${what} ${file} is not a regular file`, fix);
  } else if (!(await access(file, constants.R_OK).then(() => true, () => false))) {
    ctx.report(path, `${what} ${file} cannot be read by this user`, `chmod u+r ${file} or run st-cluster as its owner`);
  } else if (info.size === 0) {
    ctx.report(path, `${what} ${file} is empty`, fix);
  }
}

const relativeNote = '(relative paths are relative to the answers file)';

export const licensesRule: Rule = async (ctx) => {
  const { core, features } = ctx.answers.licenses;
  await requireReadableFile(ctx, ['licenses', 'core'], core, 'core license', `put the core license (filedrive.license) there or correct licenses.core ${relativeNote}`);
  await requireReadableFile(ctx, ['licenses', 'features'], features, 'features license', `put the features license with the EC option (st.license) there or correct licenses.features ${relativeNote}`);
  if (core === features) {
    ctx.report(['licenses', 'features'], 'is the same file as licenses.core', 'the core and the features license are two different files');
  }
};

export const adminCaFileRule: Rule = async (ctx) => {
  const caFile = ctx.answers.admin.caFile;
  if (caFile === undefined) return;
  await requireReadableFile(ctx, ['admin', 'caFile'], caFile, 'CA bundle', `put the PEM bundle there or correct admin.caFile ${relativeNote}`);
};

export const nodeFilesRule: Rule = async (ctx) => {
  for (const [index, node] of ctx.answers.nodes.entries()) {
    if (node.adapter.startsWith('/')) {
      await requireReadableFile(ctx, ['nodes', index, 'adapter'], node.adapter, 'adapter module', `build the adapter module or correct nodes.${index}.adapter ${relativeNote}`);
    }
    const { identityFile, knownHostsFile } = node.ssh ?? {};
    if (identityFile !== undefined) {
      await requireReadableFile(ctx, ['nodes', index, 'ssh', 'identityFile'], identityFile, 'SSH identity file', `correct nodes.${index}.ssh.identityFile ${relativeNote}`);
    }
    if (knownHostsFile !== undefined) {
      await requireReadableFile(ctx, ['nodes', index, 'ssh', 'knownHostsFile'], knownHostsFile, 'known-hosts file', `create it (ssh-keyscan -H HOST >> ${knownHostsFile}, then verify the keys) or correct nodes.${index}.ssh.knownHostsFile`);
    }
  }
};
