// What the journal and the audit log hold, and where they live on the jump
// host (DESIGN.md "Journal, resume, lock"). Both files are JSON lines with
// "v": 1; the journal is the record resume and `history` read back.
import { homedir } from 'node:os';
import path from 'node:path';
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

/** --state-dir, else ST_CLUSTER_STATE_DIR, else ~/.st-cluster. */
export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag?.trim() || env.ST_CLUSTER_STATE_DIR?.trim();
  return path.resolve(chosen || path.join(homedir(), '.st-cluster'));
}

export function clusterPaths(stateDir: string, cluster: string): ClusterPaths {
  // The answers schema already limits cluster names to [A-Za-z0-9_-]; this keeps a path inside stateDir whatever comes.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(cluster)) throw new Error(`cluster name ${JSON.stringify(cluster)} cannot name a state directory`);
  const dir = path.join(stateDir, cluster);
  return { dir, journal: path.join(dir, 'journal.jsonl'), audit: path.join(dir, 'audit.jsonl'), lock: path.join(dir, 'run.lock') };
}
