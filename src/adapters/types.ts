// The one port through which everything reaches a node (DESIGN.md "Node adapters").
// Every operation is tagged read, write or probe so that a dry run can refuse
// writes at the adapter itself: a bug in a step then cannot change a node.

export type OpKind = 'read' | 'write' | 'probe';

export interface ExecOptions {
  /** Untagged commands count as writes: the safe default for a dry run. */
  kind?: OpKind;
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Secrets travel here, never in argv. */
  stdin?: string | Uint8Array;
  timeoutMs?: number;
  /** Run through the node's configured sudo (ssh adapter); ignored where not configured. */
  sudo?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface FileStat {
  exists: boolean;
  type?: 'file' | 'dir' | 'link' | 'other';
  /** Permission bits, e.g. 0o600. */
  mode?: number;
  size?: number;
}

export interface WriteOptions {
  mode?: number;
  /** A write that proves something (the fs.shared sentinel); allowed in a dry run only under probe paths. */
  probe?: boolean;
}

export interface NodeAdapter {
  /** 'local' | 'lab' | 'ssh' | a plugin's own name. */
  readonly kind: string;
  /** The node name from the answers file. */
  readonly node: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Rejects with AdapterError reason 'not-found' only when the file is absent (ENOENT,
   * ENOTDIR); any other failure (permission, I/O, transport) rejects with another reason.
   * An adapter that cannot tell the two apart must never say 'not-found'.
   */
  readFile(path: string): Promise<Uint8Array>;
  /** Atomic where the transport allows; parents are created; mode is set before content lands. */
  writeFile(path: string, data: string | Uint8Array, options?: WriteOptions): Promise<void>;
  /** Removes a file (not a directory); absent is fine. */
  remove(path: string, options?: { probe?: boolean }): Promise<void>;
  /** exists: false only for an absent path; a path it could not look at (permission, I/O) rejects. */
  stat(path: string): Promise<FileStat>;
  /** Hex SHA-256 of a file, or null only when it does not exist; any other failure rejects. */
  sha256(path: string): Promise<string | null>;
  close(): Promise<void>;
}

/** What an adapter module (built-in or plugin) exports as `createAdapter`. */
export interface AdapterContext {
  node: { name: string; address: string; settings: Readonly<Record<string, unknown>> };
  /** Directory of the answers file: plugin settings with relative paths resolve against it. */
  baseDir: string;
}
export type AdapterFactory = (context: AdapterContext) => NodeAdapter | Promise<NodeAdapter>;

export type AdapterErrorReason = 'connection-refused' | 'timeout' | 'auth' | 'host-key' | 'unreachable' | 'dry-run-write' | 'io' | 'not-found' | 'other';

/** Thrown by adapters for transport-level failures and failed file operations (not for a command's non-zero exit). */
export class AdapterError extends Error {
  constructor(
    readonly node: string,
    readonly reason: AdapterErrorReason,
    message: string,
    readonly fix?: string,
    /** The connection broke under a running command: it may still run on the node (a cut, not a failure). */
    readonly mayStillRun = false,
  ) {
    super(message);
    this.name = 'AdapterError';
  }
}

/** The file is not there (and the adapter is sure of it): every other failure means "could not look". */
export const isNotFound = (error: unknown): boolean => error instanceof AdapterError && error.reason === 'not-found';
