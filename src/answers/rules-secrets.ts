// Every secret reference must be resolvable before anything runs, and the DB
// password must be one SecureTransport accepts: checked on the resolved value,
// reported without it.
import type { Rule } from './rule-types.js';
import { dbPasswordProblem, readSecretRef } from './secret.js';
import { secretKeys, secretRefFix, secretRefOf } from './secret-refs.js';

export const secretsResolvableRule: Rule = async ({ answers, report, env, canPrompt }) => {
  for (const key of secretKeys) {
    const ref = secretRefOf(answers, key);
    // admin.initialPassword left out is the published default, nothing to resolve.
    if (ref === undefined) continue;
    const path = key.split('.');
    if (ref === 'prompt') {
      if (!canPrompt) {
        const fix = secretRefFix(key).replace(/ or prompt$/, '');
        report(path, `${key} is "prompt" but there is no terminal to prompt on`, `${fix} (prompt needs an interactive terminal)`);
      }
      continue;
    }
    const read = await readSecretRef(ref, env);
    if (!read.ok) {
      report(read.problem.at ? [...path, read.problem.at] : path, read.problem.message, read.problem.fix);
      continue;
    }
    if (key === 'database.password') {
      const problem = dbPasswordProblem(read.value, answers.database.type);
      if (problem) {
        report(path, `the password from ${read.source} ${problem}`, `choose another password (ALTER ROLE ${answers.database.user} PASSWORD …) and update ${read.source}`);
      }
    }
  }
};
