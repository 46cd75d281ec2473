// Builders for the typed actions steps plan. The plan is data (rendered by a
// dry run); apply() is what the real run executes — the same list.
import { posix } from 'node:path';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { pollUntil } from '../engine/poll.js';
import { layout, type Service } from '../st/layout.js';
import { AdapterError } from '../adapters/types.js';

export interface TransientFile {
  path: string;
  note: string;
  content: (ctx: RunContext) => Promise<string | Uint8Array>;
}

export class ActionError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** Numbers actions per step and node so IDs are stable across a plan and its run. */
export class PlanBuilder {
  private readonly counters = new Map<string, number>();
  constructor(private readonly step: string) {}

  id(node: NodeRef): string {
    const n = (this.counters.get(node.name) ?? 0) + 1;
    this.counters.set(node.name, n);
    return `${this.step}/${node.name}/${n}`;
  }

  /** Runs argv on the node; secret inputs exist only as 0600 files for the duration of the command. */
  exec(node: NodeRef, argv: string[], summary: string, options: { timeoutMs: number; cwd?: string; transient?: TransientFile[] }): Action {
    const transient = options.transient ?? [];
    return {
      id: this.id(node),
      step: this.step,
      node: node.name,
      kind: 'exec',
      summary,
      detail: { argv, ...(transient.length ? { transient: transient.map((t) => ({ path: t.path, mode: 0o600, note: t.note })) } : {}) },
      async apply(ctx) {
        const adapter = ctx.adapter(node);
        // Set while the command may still run on the node (its connection broke under it): its files stay for it.
        let mayStillRun = false;
        try {
          for (const file of transient) await adapter.writeFile(file.path, await file.content(ctx), { mode: 0o600 });
          const result = await adapter.exec(argv, { kind: 'write', timeoutMs: options.timeoutMs, sudo: true, ...(options.cwd ? { cwd: options.cwd } : {}) }).catch((error: unknown) => {
            mayStillRun = error instanceof AdapterError && error.reason === 'unreachable';
            throw error;
          });
          if (result.exitCode !== 0) {
            const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ');
            throw new ActionError(`${argv[0]} exited ${result.exitCode}: ${said}`, `Run it by hand on ${node.name} to see more; the step can be resumed after the fix.`);
          }
        } finally {
          // Secrets must not outlive the command, whatever happened to it; while it may still run,
          // the next run's staging cleanup removes them once nothing runs there.
          if (!mayStillRun) for (const file of transient) await adapter.remove(file.path).catch(() => undefined);
        }
      },
    };
  }

  /** Copies bytes from the jump host (or another node) to the node, mode set before content lands. */
  copy(node: NodeRef, path: string, mode: number, summary: string, source: (ctx: RunContext) => Promise<Uint8Array>, detail: { sha256?: string; size?: number } = {}): Action {
    return {
      id: this.id(node),
      step: this.step,
      node: node.name,
      kind: 'copy',
      summary,
      detail: { path, mode, ...detail },
      async apply(ctx) {
        const bytes = await source(ctx);
        await ctx.adapter(node).writeFile(path, bytes, { mode });
      },
    };
  }

  api(node: NodeRef, summary: string, detail: { method: string; url: string }, call: (ctx: RunContext) => Promise<void>): Action {
    return { id: this.id(node), step: this.step, node: node.name, kind: 'api', summary, detail, apply: (ctx) => call(ctx) };
  }

  wait(node: NodeRef, summary: string, timeoutMs: number, probe: (ctx: RunContext) => Promise<boolean>, fix: string): Action {
    return {
      id: this.id(node),
      step: this.step,
      node: node.name,
      kind: 'wait',
      summary,
      detail: {},
      async apply(ctx, signal) {
        if (!(await pollUntil(ctx.clock, () => probe(ctx), timeoutMs, signal))) {
          throw new ActionError(`${summary}: not reached within ${Math.round(timeoutMs / 1000)} s`, fix);
        }
      },
    };
  }

  /** bin/<verb>_<service> on the node, through its sudo setting. */
  script(ctx: RunContext, node: NodeRef, verb: 'start' | 'stop', service: Service | 'all', extra: string[] = []): Action {
    const path = posix.join(ctx.answers.cluster.installDir, layout.script(verb, service));
    const seconds = verb === 'stop' ? ctx.answers.cluster.timeouts.serviceStopSeconds : ctx.answers.cluster.timeouts.adminReadySeconds;
    return this.exec(node, [path, ...extra], `${verb}_${service}`, { timeoutMs: seconds * 1000 });
  }
}
