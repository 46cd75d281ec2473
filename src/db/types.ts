// The shared database as the wizard sees it: read-only facts for the checks,
// plus the run lock. Never writes to SecureTransport's own tables (DESIGN.md step 7).

export interface DbTablespace {
  name: string;
  /** The role may CREATE in it. */
  canCreate: boolean;
}

export interface DbFacts {
  serverVersionNum: number;
  serverVersion: string;
  currentUser: string;
  canLogin: boolean;
  databaseOwner: string;
  defaultTablespace: string;
  tablespaces: DbTablespace[];
  maxConnections: number;
}

export interface DbLockHolder {
  user: string;
  host: string;
  pid: number;
  startedAt: string;
  runId: string;
}

export interface Db {
  /** Connects (with timeout) and reads the facts the db.* checks judge. Throws DbError. */
  facts(): Promise<DbFacts>;
  /** True when SecureTransport's schema exists (table CLUSTERNODE, any case). */
  schemaPresent(): Promise<boolean>;
  /** Addresses registered in CLUSTERNODE, as SecureTransport stores them (read-only). */
  clusterNodeAddresses(): Promise<string[]>;
  close(): Promise<void>;
}

export class DbError extends Error {
  constructor(
    /** lock-lost: the run lock's session ended or no longer holds the lock (RunLock.assertHeld). */
    readonly reason: 'unreachable' | 'auth' | 'no-database' | 'timeout' | 'query' | 'ssl' | 'lock-lost',
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
