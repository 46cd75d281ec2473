// The Admin REST API v2.0 (docs/st-facts.md) as a port. Paths of the add/remove
// node operations are not documented publicly, so they come from the answers
// file and are checked against the server's swagger.json before use.

export interface ClusterManagement {
  isCluster: boolean;
  clusterMode: string;
  clusterNodes: { serverAddress: string }[];
}

export interface AdminCertificate {
  alias: string;
  usage?: string;
  subject?: string;
  /** ISO date. */
  notAfter?: string;
}

export interface AdminDaemon {
  name: string;
  status: 'alive' | 'down' | 'disabled';
}

export interface AdminApi {
  readonly baseUrl: string;
  /** GET /version; resolves null while Admin answers 503 (started, not operational). */
  version(): Promise<string | null>;
  clusterManagement(): Promise<ClusterManagement>;
  addClusterNode(path: string, serverAddress: string): Promise<void>;
  removeClusterNode(path: string, serverAddress: string): Promise<void>;
  /** Every operation path the server publishes (basePath joined), e.g. "POST /api/v2.0/…". */
  publishedOperations(): Promise<string[]>;
  getOption(name: string): Promise<string[] | null>;
  setOption(name: string, values: string[]): Promise<void>;
  localCertificates(): Promise<AdminCertificate[]>;
  daemons(): Promise<AdminDaemon[]>;
  /**
   * Sets the password of the account this client logs in as, the way Axway's sample does:
   * log in (POST /myself), then PATCH /myself with a passwordCredentials replace (204).
   */
  changePassword(newPassword: { reveal(): string }): Promise<void>;
}

/**
 * What went wrong, for callers that must decide whether waiting can help: 'auth',
 * 'forbidden' and 'tls' cannot be cured by waiting (see `fatal`); 'unreachable',
 * 'timeout' and 'unavailable' (503, started but not operational) may be.
 */
export type AdminErrorKind = 'auth' | 'forbidden' | 'tls' | 'unreachable' | 'timeout' | 'unavailable' | 'not-found' | 'conflict' | 'shape' | 'http';

export function adminErrorKind(status: number | 'unreachable' | 'tls' | 'timeout'): AdminErrorKind {
  if (typeof status !== 'number') return status;
  const byStatus: Record<number, AdminErrorKind> = { 401: 'auth', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 503: 'unavailable' };
  return byStatus[status] ?? 'http';
}

const FATAL: ReadonlySet<AdminErrorKind> = new Set(['auth', 'forbidden', 'tls']);

export class AdminApiError extends Error {
  readonly kind: AdminErrorKind;
  constructor(
    readonly status: number | 'unreachable' | 'tls' | 'timeout',
    readonly url: string,
    message: string,
    readonly fix: string,
    kind?: AdminErrorKind,
  ) {
    super(message);
    this.name = 'AdminApiError';
    this.kind = kind ?? adminErrorKind(status);
  }

  /** Waiting cannot cure it: a poll stops at once (src/engine/poll.ts reads this flag). */
  get fatal(): boolean {
    return FATAL.has(this.kind);
  }

  /** An answer st-cluster could not read: a check reports "could not look" (src/engine/errors.ts reads this flag). */
  get couldNotLook(): boolean {
    return this.kind === 'shape';
  }
}
