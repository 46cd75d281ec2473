// Secrets never reach stdout, stderr, an event, the journal or the audit log
// (DESIGN.md "Answers file"). By design argv and events hold no secret; this is
// the second line of defence for what nodes and errors say: any string equal
// to, or containing, a known secret value is masked, and so are the passwords
// of URLs (postgres://user:pw@host) and password=… key/values, known or not.

export const REDACTED = '«redacted»';

/** Below this length a secret is masked only where a whole value equals it, not inside other text. */
const MIN_SUBSTRING = 4;

// scheme://user:password@ — the user part stops at ':' so "host:8443/x@y" is never taken for one.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)([^\s/?#@]+)@/gi;
// libpq's "password=…", a properties file's "postgrePassword=…", "--password=…". Not "password: …",
// which is how error texts name a key, nor PWD=: a false positive there hides the message.
const PASSWORD_VALUE = /\b([\w.-]*(?:password|passwd)[\w.-]*[ \t]*=[ \t]*)([^\s&;,'"]+)/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined)[]): this {
    for (const value of values) if (value) this.secrets.add(value);
    return this;
  }

  get size(): number {
    return this.secrets.size;
  }

  text(value: string): string {
    let out = value;
    // Longest first: a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out === secret) return REDACTED;
      if (secret.length >= MIN_SUBSTRING && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out.replace(URL_USERINFO, `$1${REDACTED}@`).replace(PASSWORD_VALUE, (_all, key: string) => `${key}${REDACTED}`);
  }

  /** A deep copy with every string redacted; keys are left as they are. */
  value<T>(value: T): T {
    return this.walk(value, new WeakSet()) as T;
  }

  private walk(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
    // Only a true cycle is cut: an object met twice side by side (one argv in two places) is copied twice.
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => this.walk(item, seen));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.walk(item, seen);
      return out;
    } finally {
      seen.delete(value);
    }
  }
}

/**
 * The one redactor of this process: the secret resolver registers every value it
 * resolves here, and every output (event bus, stderr, journal, audit log) masks with it.
 * One process runs one command, so what it knows is exactly what it must not print.
 */
export const runRedactor = new Redactor();
