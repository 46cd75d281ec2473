// Stage 3: cross-field rules, run on answers that already passed the schema.
// The list is data: one small function per rule, each reporting every problem it sees.
import type { AnswersIssue } from './errors.js';
import { issueCollector } from './issue.js';
import type { Rule } from './rule-types.js';
import { adminCaFileRule, licensesRule, nodeFilesRule } from './rules-files.js';
import { installDirRule, installerMediaRule, installerPropertiesRule, installerTempDirRule, sharedFsApartRule, sharedFsPathRule } from './rules-layout.js';
import {
  adapterKindRule,
  adapterSettingsRule,
  nodeAddressRule,
  registerMethodRule,
  uniqueLabRootsRule,
  uniqueNodeAddressesRule,
  uniqueNodeNamesRule,
} from './rules-nodes.js';
import { secretsResolvableRule } from './rules-secrets.js';
import type { Answers } from './schema.js';
import type { AnswersSource } from './yaml-source.js';

export const answersRules: readonly Rule[] = [
  installDirRule,
  sharedFsPathRule,
  sharedFsApartRule,
  installerMediaRule,
  installerPropertiesRule,
  installerTempDirRule,
  secretsResolvableRule,
  licensesRule,
  adminCaFileRule,
  registerMethodRule,
  uniqueNodeNamesRule,
  uniqueNodeAddressesRule,
  nodeAddressRule,
  adapterKindRule,
  adapterSettingsRule,
  uniqueLabRootsRule,
  nodeFilesRule,
];

export interface RuleOptions {
  env: NodeJS.ProcessEnv;
  canPrompt: boolean;
}

export async function checkRules(
  answers: Answers,
  source: Pick<AnswersSource, 'file' | 'locate'>,
  options: RuleOptions,
  rules: readonly Rule[] = answersRules,
): Promise<AnswersIssue[]> {
  const { issues, report } = issueCollector(source);
  for (const rule of rules) await rule({ answers, report, env: options.env, canPrompt: options.canPrompt });
  return issues;
}
