// The Admin REST API v2.0 (ST-FACTS.md) as a port. Paths of the add/remove
// node operations are not documented publicly, so they come from the answers
// file and are checked against the server's swagger.json before use.

export interface ClusterManagement {
  isCluster: boolean;
  clusterMode: string;
  clusterNodes: { serverAddress: string }[];
}

export interface AdminCertificate {
  alias: string;
  usage: string;
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
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number | 'unreachable' | 'tls' | 'timeout',
    readonly url: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}
