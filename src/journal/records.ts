// What the journal and the audit log hold, and where they live on the jump
// host (DESIGN.md "Journal, resume, lock"). Both files are JSON lines with
// "v": 1; the journal is the record resume and `history` read back.
import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describeWriteError, UsageError } from '../engine/errors.js';
import type { RunEvent } from '../engine/events.js';

export const JOURNAL_VERSION = 1;

export interface RunFlagsRecord {
  resume: boolean;
  forceAnswersChange: boolean;
  parallel: number;
  until?: number;
  acceptRisk: string[];
  reason?: string;
}

/** First record of every run: who ran what, with which answers. */
export interface HeaderRecord {
  v: 1;
  type: 'header';
  runId: string;
  at: string;
  tool: 'st-cluster';
  version: string;
  user: string;
  host: string;
  pid: number;
  command: string;
  flags: RunFlagsRecord;
  cluster: string;
  fingerprint: string;
  /** Canonical answers; secrets appear only as references ({env}, {file}, "prompt"). */
  answers: unknown;
  /** The unfinished run this one continues. */
  resumeOf?: string;
  /** Actions the run before recorded as started and never as done or failed: judged by their step's evidence. */
  inFlight?: string[];
  /** Keys changed since the resumed run began, accepted with --force-answers-change. */
  answersChanged?: string[];
  /** apply: the plan file it ran (README "Plan files"): where, its sha256, when and by whom it was made. */
  plan?: PlanRef;
}

export interface PlanRef {
  file: string;
  sha256: string;
  createdAt: string;
  createdBy: string;
}

export type EventRecord = RunEvent & { v: 1; runId: string; at: string };
export type JournalRecord = HeaderRecord | EventRecord;

export interface AuditRecord {
  v: 1;
  at: string;
  runId: string;
  node: string;
  adapter: string;
  op: 'exec' | 'write' | 'remove' | 'read' | 'host-key';
  /** Present on the line written before a command that may change the node runs: a cut run still shows what it set off. */
  phase?: 'started';
  /** exec: the adapter's read/write/probe tag. */
  kind?: string;
  argv?: string[];
  cwd?: string;
  sudo?: boolean;
  /** Names only: values may be secrets. */
  envKeys?: string[];
  stdinBytes?: number;
  path?: string;
  mode?: number;
  size?: number;
  exitCode?: number | null;
  durationMs: number;
  error?: string;
  /** host-key: the key trusted on first use ("ALGO SHA256:…") and where it was written. */
  fingerprint?: string;
  host?: string;
  port?: number;
  knownHostsFile?: string;
}

export interface ClusterPaths {
  dir: string;
  journal: string;
  audit: string;
  lock: string;
}

/**
 * --state-dir, else ST_CLUSTER_STATE_DIR, else the answers' cluster.stateDir (already
 * absolute), else ~/.st-cluster. A given but empty value is a UsageError, not the default.
 */
export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env, fromAnswers?: string): string {
  const given = flag ?? env.ST_CLUSTER_STATE_DIR;
  if (given !== undefined && given.trim() === '') {
    throw new UsageError(`--state-dir is empty${flag === undefined ? ' (from ST_CLUSTER_STATE_DIR)' : ''}`, 'Name a directory for the journal, audit log and lock (e.g. --state-dir ~/.st-cluster), or leave the option out for the default.');
  }
  return path.resolve(given?.trim() || fromAnswers || path.join(homedir(), '.st-cluster'));
}

/**
 * Proves the state dir can hold the journal before anything runs: created when
 * absent, a directory, and writable (a file is made and removed: as root, or on a
 * read-only mount, permission bits alone do not tell). Throws UsageError with a fix.
 */
export function checkStateDir(dir: string): void {
  const fix = `Pass --state-dir a directory this user can write (it is created when absent), or free that path.`;
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--state-dir ${dir} is not a directory`, fix);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`--state-dir ${dir} cannot be used: ${describeWriteError(error)}`, fix);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (made) {
      throw new UsageError(`--state-dir ${dir} cannot be created: ${describeWriteError(made)}`, fix);
    }
  }
  const probe = path.join(dir, `.st-cluster-write-test.${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw new UsageError(`--state-dir ${dir} is not writable: ${describeWriteError(error)}`, fix);
  }
}

export function clusterPaths(stateDir: string, cluster: string): ClusterPaths {
  // The answers schema already limits cluster names to [A-Za-z0-9_-]; this keeps a path inside stateDir whatever comes.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(cluster)) throw new Error(`cluster name ${JSON.stringify(cluster)} cannot name a state directory`);
  const dir = path.join(stateDir, cluster);
  return { dir, journal: path.join(dir, 'journal.jsonl'), audit: path.join(dir, 'audit.jsonl'), lock: path.join(dir, 'run.lock') };
}
