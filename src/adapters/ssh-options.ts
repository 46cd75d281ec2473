import type { NodeAnswers } from '../answers/schema.js';

/** Per-run choices the CLI makes for every ssh node (not per-node answers). */
export interface SshRuntimeOptions {
  /** --accept-new-host-keys: trust a key seen for the first time (never a changed one). */
  acceptNewHostKeys?: boolean;
  /** Called when a new host key was trusted, so the run can journal it. */
  onHostKeyAccepted?: (event: { node: string; host: string; port: number; fingerprints: string[] }) => void;
  /** Passed as "ssh -F": e.g. "none" to ignore ~/.ssh/config (tests). */
  configFile?: string;
  /** The ssh client binary (default "ssh" on PATH). */
  sshBinary?: string;
}

export type SshSettings = NonNullable<NodeAnswers['ssh']>;
