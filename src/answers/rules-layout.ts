// Paths on the nodes: docs/st-facts.md "Prerequisites" — same install directory on the
// local disk of every node (not on shared storage), absolute, no "~", no spaces.
import { posix } from 'node:path';
import { MANAGED_KEYS } from '../st/silent-files.js';
import type { Rule } from './rule-types.js';
import { layout } from '../st/layout.js';

interface PathProblem {
  message: string;
  fix: string;
}

const cleaned = (value: string): string => {
  const normal = posix.normalize(value.trim());
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
};

/** Problems of a path that every node uses verbatim; `strict` adds the installDir-only rules. */
export function nodePathProblem(value: string, key: string, example: string, strict: boolean): PathProblem | undefined {
  if (value.includes('~')) {
    return { message: 'must not contain "~" (the home directory differs per user and node)', fix: `use an absolute path such as ${example}` };
  }
  if (!value.startsWith('/')) return { message: 'must be an absolute path (start with "/")', fix: `use an absolute path such as ${example}` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return { message: 'contains a control character', fix: `retype ${key}` };
  if (strict && /\s/.test(value)) {
    const fix = cleaned(value).replace(/\s+/g, '');
    return { message: 'must not contain spaces (SecureTransport refuses them)', fix: `use a path without spaces, e.g. ${fix}` };
  }
  if (value === '/' || cleaned(value) === '/') return { message: 'must not be the root directory', fix: `use a dedicated directory such as ${example}` };
  if (value !== cleaned(value)) {
    return { message: 'is not a clean path (trailing "/", "//", "." or ".." segments)', fix: `write it as ${cleaned(value)}` };
  }
  return undefined;
}

const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(`${parent}/`);

export const installDirRule: Rule = ({ answers, report }) => {
  const problem = nodePathProblem(answers.cluster.installDir, 'cluster.installDir', layout.defaultInstallDir, true);
  if (problem) report(['cluster', 'installDir'], problem.message, problem.fix);
};

export const sharedFsPathRule: Rule = ({ answers, report }) => {
  const problem = nodePathProblem(answers.sharedFs.path, 'sharedFs.path', '/mnt/st-shared', true);
  if (problem) report(['sharedFs', 'path'], problem.message, problem.fix);
};

export const installerMediaRule: Rule = ({ answers, report }) => {
  const problem = nodePathProblem(answers.installer.media, 'installer.media', '/opt/media/SecureTransport', false);
  if (problem) report(['installer', 'media'], problem.message, problem.fix);
};

/** The silent-file keys st-cluster sets itself cannot come from the answers (they would be overwritten, or contradict). */
export const installerTempDirRule: Rule = ({ answers, report }) => {
  const problem = nodePathProblem(answers.installer.tempDir, 'installer.tempDir', '/tmp', false);
  if (problem) report(['installer', 'tempDir'], problem.message, problem.fix);
};

export const installerPropertiesRule: Rule = ({ answers, report }) => {
  for (const key of Object.keys(answers.installer.properties)) {
    if ((MANAGED_KEYS as readonly string[]).includes(key)) {
      report(['installer', 'properties', key], 'is set by st-cluster itself from the answers (cluster, database, admin, nodes)', `remove it; set the answers key it comes from instead (README "Silent install")`);
    }
  }
};

export const sharedFsApartRule: Rule = ({ answers, report }) => {
  const installDir = cleaned(answers.cluster.installDir);
  const shared = cleaned(answers.sharedFs.path);
  if (!installDir.startsWith('/') || !shared.startsWith('/')) return;
  if (installDir === shared) {
    report(['sharedFs', 'path'], `is the same directory as cluster.installDir (${installDir})`, 'the install directory is on local disk, the shared file system elsewhere: use two separate paths');
  } else if (inside(shared, installDir)) {
    report(['sharedFs', 'path'], `is inside cluster.installDir (${installDir})`, `mount the shared file system outside ${installDir}, e.g. /mnt/st-shared`);
  } else if (inside(installDir, shared)) {
    report(['cluster', 'installDir'], `is inside sharedFs.path (${shared}); the install directory must be on each node's local disk`, `install outside ${shared}, e.g. /opt/Axway/SecureTransport`);
  }
};
