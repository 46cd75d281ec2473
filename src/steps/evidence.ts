// "Already done?" evidence for steps whose own postconditions stop holding once
// later steps run (e.g. step 5 stops Admin; step 8 starts it again). A node
// counts as done when the later state it led to is there.
import type { Check } from '../engine/types.js';

export function either(id: string, ...checks: Check[]): Check {
  return {
    id,
    title: checks.map((c) => c.title).join(' or '),
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      const details: string[] = [];
      for (const check of checks) {
        const result = await check.run(ctx, node).catch((error: Error) => ({ status: 'fail' as const, detail: error.message }));
        if (result.status === 'pass') return result;
        details.push(result.detail);
      }
      return { status: 'fail', detail: details.join('; '), fix: 'See the step.' };
    },
  };
}

export function all(id: string, ...checks: Check[]): Check {
  return {
    id,
    title: checks.map((c) => c.title).join(' and '),
    severity: 'error',
    scope: 'node',
    async run(ctx, node) {
      for (const check of checks) {
        const result = await check.run(ctx, node);
        if (result.status !== 'pass') return result;
      }
      return { status: 'pass', detail: 'all hold' };
    },
  };
}
