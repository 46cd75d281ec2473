import type { RunContext } from '../engine/types.js';

// Seed note: with ClusterAuto-Register IP/FQDN the nodes register themselves,
// so after step 4 the procedure goes straight to step 9 (steps 5–8 are shown as skipped).
export const skipWhenAutoRegister = (ctx: RunContext): string | null => (ctx.answers.cluster.autoRegister ? 'auto-register' : null);
