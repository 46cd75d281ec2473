// "Already done?" evidence for steps whose own postconditions stop holding once
// later steps run (e.g. step 5 stops Admin; step 8 starts it again). A node
// counts as done when the later state it led to is there.
// In a dry run each part is looked up in the world the planned steps leave (look), the
// composite never by its own id: "st.admin-stopped" here may mean "registered, or stopped".
import { isCouldNotLook } from '../engine/errors.js';
import { look, markComposite } from '../engine/predicted.js';
import type { Check, CheckResult } from '../engine/types.js';

export function either(id: string, ...checks: Check[]): Check {
  return markComposite({
    id,
    title: checks.map((c) => c.title).join(' or '),
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      const details: string[] = [];
      let unknown: CheckResult | undefined;
      for (const check of checks) {
        const result = await look(ctx, check, node).catch((error: Error): CheckResult => ({ status: 'fail', detail: error.message, ...(isCouldNotLook(error) ? { unknown: true as const } : {}) }));
        if (result.status === 'pass') return result;
        unknown ??= result.unknown ? result : undefined;
        details.push(result.detail);
      }
      // Not proven done, and one probe could not look: the node's state is unknown, not "to do".
      if (unknown) return { status: 'fail', unknown: true, detail: details.join('; '), fix: unknown.fix ?? 'See the step.' };
      return { status: 'fail', detail: details.join('; '), fix: 'See the step.' };
    },
  });
}

export function all(id: string, ...checks: Check[]): Check {
  return markComposite({
    id,
    title: checks.map((c) => c.title).join(' and '),
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      for (const check of checks) {
        const result = await look(ctx, check, node);
        if (result.status !== 'pass') return result;
      }
      return { status: 'pass', detail: 'all hold' };
    },
  });
}
