// Builders for the typed actions steps plan. The plan is data (rendered by a
// dry run); apply() is what the real run executes — the same list.
import { posix } from 'node:path';
import type { Action, NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { pollFor, type PollLook } from '../engine/poll.js';
import { layout, SERVICES, type Service } from '../st/layout.js';
import { AdapterError } from '../adapters/types.js';
import { ActionError } from './action-error.js';
import { preparePrivateDir } from './staging.js';

export interface ExecActionOptions {
  timeoutMs: number;
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  transient?: TransientFile[];
  /** Said first in the fix when the command fails (e.g. where the installer's own log is). */
  afterFailure?: string;
  /** The program a failure names, when argv starts with a wrapper (sh -c 'umask 022 …'). */
  program?: string;
}

export interface TransientFile {
  path: string;
  note: string;
  content: (ctx: RunContext) => Promise<string | Uint8Array>;
}

/** Checks as a wait probe: done when all pass, else the first failure's detail says why not (naming the subject when the wait is another node's). */
const checkLook =
  (node: NodeRef, subject: NodeRef, checks: readonly NodeCheck[]) =>
  async (ctx: RunContext): Promise<PollLook> => {
    for (const check of checks) {
      const result = await check.run(ctx, subject);
      if (result.status !== 'pass') return { done: false, detail: subject === node ? result.detail : `${subject.name}: ${result.detail}` };
    }
    return { done: true };
  };

export { ActionError } from './action-error.js';

/** Characters of a failed command's stdout and of its stderr kept in the journal. */
export const OUTPUT_LIMIT = 64 * 1024;

/**
 * The end of a command's output (where failures are told), at most OUTPUT_LIMIT characters.
 * Cut at a line start: a secret split by the cut would no longer match the redactor.
 */
export function keepOutput(text: string, limit = OUTPUT_LIMIT): string {
  if (text.length <= limit) return text;
  const tail = text.slice(-limit);
  const start = tail.indexOf('\n') + 1;
  const kept = start > 0 ? tail.slice(start) : '';
  return `[st-cluster: the first ${text.length - kept.length} of ${text.length} characters are not kept]\n${kept}`;
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
  exec(node: NodeRef, argv: string[], summary: string, options: ExecActionOptions): Action {
    const transient = options.transient ?? [];
    return {
      id: this.id(node),
      step: this.step,
      node: node.name,
      kind: 'exec',
      summary,
      detail: {
        argv,
        ...(options.env ? { env: options.env } : {}),
        timeoutSeconds: Math.round(options.timeoutMs / 1000),
        ...(transient.length ? { transient: transient.map((t) => ({ path: t.path, mode: 0o600, note: t.note })) } : {}),
      },
      async apply(ctx) {
        const adapter = ctx.adapter(node);
        // Set while the command may still run on the node (its connection broke under it): its files stay for it.
        let mayStillRun = false;
        try {
          // Secrets go only into a directory proven private (staging.ts); one place per directory.
          for (const dir of new Set(transient.map((t) => posix.dirname(t.path)))) await preparePrivateDir(adapter, node.name, dir);
          for (const file of transient) await adapter.writeFile(file.path, await file.content(ctx), { mode: 0o600 });
          const how = { kind: 'write' as const, timeoutMs: options.timeoutMs, sudo: true, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) };
          const result = await adapter.exec(argv, how).catch((error: unknown) => {
            mayStillRun = error instanceof AdapterError && error.reason === 'unreachable';
            throw error;
          });
          if (result.exitCode !== 0) {
            const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ');
            throw new ActionError(
              `${options.program ?? argv[0]} exited ${result.exitCode}: ${said}`,
              `${options.afterFailure ? `${options.afterFailure} ` : ''}See the command's full output in the journal, or run it by hand on ${node.name}; the step can be resumed after the fix.`,
              { stdout: keepOutput(result.stdout), stderr: keepOutput(result.stderr) },
            );
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

  /**
   * Polls `probe` until it holds. A probe error that waiting cannot cure (HTTP 401/403,
   * TLS trust) fails at once with its own fix; a timeout says what the last look saw.
   */
  wait(node: NodeRef, summary: string, timeoutMs: number, probe: (ctx: RunContext) => Promise<boolean | PollLook>, fix: string): Action {
    return {
      id: this.id(node),
      step: this.step,
      node: node.name,
      kind: 'wait',
      summary,
      detail: { timeoutSeconds: Math.round(timeoutMs / 1000) },
      async apply(ctx, signal) {
        let outcome;
        try {
          outcome = await pollFor(ctx.clock, () => probe(ctx), timeoutMs, signal);
        } catch (error) {
          const cause = error as Error & { fatal?: boolean; fix?: string };
          if (cause.fatal !== true) throw error;
          throw new ActionError(`${summary}: ${cause.message}`, cause.fix ?? fix);
        }
        if (!outcome.done) {
          const last = outcome.last ? `; last look: ${outcome.last}` : '';
          throw new ActionError(`${summary}: not reached within ${Math.round(timeoutMs / 1000)} s${last}`, fix);
        }
      },
    };
  }

  /**
   * The one "wait until a check passes": waits until every check passes on `subject`
   * (the node itself unless the checks look at another, e.g. a registration asked of
   * the first node); a timeout says what the last failing check saw.
   */
  waitFor(node: NodeRef, summary: string, timeoutSeconds: number, checks: readonly NodeCheck[], fix: string, subject: NodeRef = node): Action {
    return this.wait(node, summary, timeoutSeconds * 1000, checkLook(node, subject, checks), fix);
  }

  /**
   * bin/<verb>_<service> on the node, through its sudo setting. A start may take
   * serviceStartSeconds per service it starts; a stop_all still running after
   * serviceStopSeconds (or failing) is forced with stop_all -f, as Axway's sample
   * stops (roles/st_configuration/handlers/main.yml), and the run says so.
   */
  script(ctx: RunContext, node: NodeRef, verb: 'start' | 'stop', service: Service | 'all', extra: string[] = []): Action {
    const path = posix.join(ctx.answers.cluster.installDir, layout.script(verb, service));
    const { serviceStartSeconds, serviceStopSeconds } = ctx.answers.cluster.timeouts;
    if (verb === 'start') {
      const seconds = serviceStartSeconds * (service === 'all' ? SERVICES.length : 1);
      return this.exec(node, [path, ...extra], `start_${service}`, { timeoutMs: seconds * 1000 });
    }
    const timeoutMs = serviceStopSeconds * 1000;
    const plain = this.exec(node, [path, ...extra], `stop_${service}`, { timeoutMs });
    if (service !== 'all' || extra.includes(layout.forceStopFlag)) return plain;
    const forcedArgv = [path, layout.forceStopFlag];
    const forced = new PlanBuilder(this.step).exec(node, forcedArgv, `stop_all ${layout.forceStopFlag}`, { timeoutMs });
    return {
      ...plain,
      summary: `stop_all (then ${layout.forceStopFlag} after ${serviceStopSeconds} s)`,
      detail: { ...plain.detail, forced: forcedArgv },
      async apply(c, signal) {
        try {
          await plain.apply(c, signal);
        } catch (error) {
          const timedOut = error instanceof AdapterError && error.reason === 'timeout';
          if (!timedOut && !(error instanceof ActionError)) throw error;
          const why = timedOut ? `did not stop within ${serviceStopSeconds} s` : `failed (${error.message})`;
          c.events.emit({ type: 'notice', step: plain.step, node: node.name, action: plain.id, message: `stop_all ${why}: forcing with stop_all ${layout.forceStopFlag}` });
          await forced.apply(c, signal);
        }
      },
    };
  }
}
