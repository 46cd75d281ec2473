// The engine's vocabulary (DESIGN.md "Architecture"): a Step proves its
// preconditions, plans typed Actions, applies them and proves its postconditions.
// Steps and checks see the world only through the ports in RunContext.
import type { Answers } from '../answers/schema.js';
import type { NodeAdapter } from '../adapters/types.js';
import type { Db } from '../db/types.js';
import type { AdminApi } from '../st/admin-types.js';
import type { EventSink } from './events.js';

export interface NodeRef {
  name: string;
  address: string;
  /** 0 for the first node: the one that creates the schema and registers the others. */
  index: number;
  first: boolean;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  detail: string;
  fix?: string;
  /** A cluster-scoped check may name the node at fault (e.g. the one that does not see the shared FS). */
  node?: string;
  /** Set with status 'fail' when the check could not look (unreachable, permission, I/O): the node's state is unknown. */
  unknown?: true;
}

export interface Check {
  /** Stable, documented ID (a public contract): node.reachable, db.version, st.online … */
  id: string;
  title: string;
  /** A failed warning-severity check reports warn and never stops a run. */
  severity: 'error' | 'warning';
  scope: 'cluster' | 'node';
  run(ctx: RunContext, node: NodeRef | undefined): Promise<CheckResult>;
}

/** A check bound to the nodes it runs on (node scope) or to none (cluster scope). */
export interface CheckUse {
  check: Check;
  nodes?: readonly NodeRef[];
}

export interface ActionDetail {
  argv?: readonly string[];
  /** Environment set for the command (never a secret). */
  env?: Readonly<Record<string, string>>;
  /** How long the action may take before it is stopped (commands) or given up (waits). */
  timeoutSeconds?: number;
  /** Run instead when the command has not stopped within its budget (stop_all -f). */
  forced?: readonly string[];
  path?: string;
  mode?: number;
  size?: number;
  sha256?: string;
  /** Files that exist only while the command runs (secrets): written 0600 before, removed after. */
  transient?: { path: string; mode: number; size?: number; note: string }[];
  method?: string;
  url?: string;
}

export interface Action {
  /** Stable within a run plan: `<step>/<node>/<n>`. */
  id: string;
  step: string;
  node: string;
  kind: 'exec' | 'copy' | 'remove' | 'api' | 'wait';
  summary: string;
  detail: ActionDetail;
  apply(ctx: RunContext, signal: AbortSignal): Promise<void>;
}

/** Actions in one phase may run at once (bounded by --parallel); phases run in order. */
export type Plan = Action[][];

export interface Step {
  /** Stable id; its number is its place in the list it runs in (src/steps/index.ts). */
  id: string;
  title: string;
  /** Only looks (checks, no actions): runs before the cluster's lock is taken. */
  readOnly?: true;
  /** The vendor page's wording for this step (seed/set-up-a-cluster.md). */
  seed: string;
  targets: 'first' | 'others' | 'all';
  /** A reason to skip the whole step (e.g. 'auto-register'), or null. */
  skipReason?(ctx: RunContext): string | null;
  /** Evidence the step's purpose is already served; defaults to the postconditions. */
  done?(ctx: RunContext, nodes: readonly NodeRef[]): CheckUse[];
  preconditions(ctx: RunContext, pending: readonly NodeRef[]): CheckUse[];
  plan(ctx: RunContext, pending: readonly NodeRef[]): Promise<Plan>;
  postconditions(ctx: RunContext, nodes: readonly NodeRef[]): CheckUse[];
  /**
   * What the step's actions leave on the pending nodes besides its postconditions (a dry run
   * judges later steps on it: e.g. an install leaves Admin running and TM stopped). Facts of
   * checks later steps read; evaluated right after the step is planned, on the world expected then.
   */
  leaves?(ctx: RunContext, pending: readonly NodeRef[]): Promise<Fact[]> | Fact[];
}

/** A fact a planned step is expected to leave: a leaf check's outcome on a node (or the cluster). */
export interface Fact {
  /** A leaf check's id (st.admin-stopped, st.registered …). */
  check: string;
  /** The node it is about; absent for a cluster-scoped check. */
  node?: string;
  holds: boolean;
}

/** The world a dry run expects after the steps it has planned so far (engine/predicted.ts). */
export interface Prediction {
  get(check: string, node: string | undefined): { holds: boolean; step: number } | undefined;
  /** Step numbers whose facts decided a look since the runner last cleared it. */
  readonly used: Set<number>;
}

/** A step with its number in the list being run. */
export interface StepInRun {
  id: string;
  title: string;
  number: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface JumpHost {
  /** Reads a file on the jump host (licenses, CA). */
  readFile(path: string): Promise<Uint8Array>;
  sha256(path: string): Promise<string | null>;
}

export interface SecretValue {
  reveal(): string;
}

/** What the run asks of an operator at a terminal (the interactive wizard); absent in scripted runs. */
export interface Operator {
  /** Preconditions failed: retry them, accept the risk of some (with a reason), or abort. */
  onFailedChecks(step: StepInRun, failures: readonly FailedCheckView[]): Promise<{ choice: 'retry' } | { choice: 'abort' } | { choice: 'accept'; ids: string[]; reason: string }>;
  /**
   * Step 7 by hand: show the Admin Tool URL and the addresses to add (in order), then wait
   * while `listed()` is polled; resolves true when every address is listed, false when the operator gives up.
   */
  manualRegistration(info: { url: string; addresses: string[]; timeoutMs: number }, listed: () => Promise<string[]>, signal: AbortSignal): Promise<boolean>;
}

export interface FailedCheckView {
  id: string;
  node: string | null;
  detail: string;
  fix?: string;
}

export interface RunContext {
  answers: Answers;
  nodes: readonly NodeRef[];
  runId: string;
  dryRun: boolean;
  parallel: number;
  adapter(node: NodeRef): NodeAdapter;
  /** The node's Admin client, logging in with admin.password, or with admin.initialPassword (step 3's first login). */
  admin(node: NodeRef, login?: 'password' | 'initial'): AdminApi;
  db: Db;
  jumpHost: JumpHost;
  dbPassword(): Promise<SecretValue>;
  /** admin.password, for step 3 to set it on a fresh install (never printed). */
  adminPassword(): Promise<SecretValue>;
  clock: Clock;
  events: EventSink;
  /** Present only in an interactive run. */
  operator?: Operator;
  /** Facts one step learns for later ones (e.g. the first node's taeh checksum). */
  memo: Map<string, unknown>;
  /** The steps being run, in order (set by the runner): fix texts name a step by its place here (stepRef). */
  procedure?: readonly Step[];
  /** Set by the runner in a dry run: what the planned steps are expected to leave (engine/predicted.ts). */
  predicted?: Prediction;
  /** Actions the resumed run journaled as started and never ended (cut while they ran); absent when none. */
  interrupted?: readonly InterruptedAction[];
}

export interface InterruptedAction {
  id: string;
  step: string;
  node: string;
  kind?: string;
  summary?: string;
}
