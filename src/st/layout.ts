// SecureTransport's on-disk and on-wire layout as data (docs/st-facts.md). Every
// path is relative to FILEDRIVEHOME (the install dir). Facts marked [U] in
// docs/st-facts.md are the lab's choices: kept here so nothing else hard-wires them.

/** Protocol daemons and the monitor: everything `start_all` starts besides Admin and TM. */
export const DAEMONS = ['sshd', 'ftpd', 'httpd', 'as2d', 'pesitd', 'monitord'] as const;

/** A single service with its own start/stop/status scripts and pid file. */
export const SERVICES = ['admin', 'tm', ...DAEMONS] as const;
export type Service = (typeof SERVICES)[number];

/** Every name a `bin/<verb>_<name>` script exists for; `all` covers every service. */
export const SCRIPT_TARGETS = ['all', ...SERVICES] as const;
export type ScriptTarget = (typeof SCRIPT_TARGETS)[number];

export type ScriptVerb = 'start' | 'stop' | 'status';

export type ServiceStatus = 'alive' | 'down' | 'disabled' | 'unknown';

const PID_FILES: Record<Service, string> = {
  admin: 'var/run/admin/tomcat.pid',
  tm: 'var/run/tm.pid',
  sshd: 'var/run/sshd.pid',
  ftpd: 'var/run/ftpd.pid',
  httpd: 'var/run/httpd.pid',
  as2d: 'var/run/as2d.pid',
  // [U] pesitd.pid and monitord.pid are not in the public docs; the lab uses these names.
  pesitd: 'var/run/pesitd.pid',
  monitord: 'var/run/monitord.pid',
};

export const layout = {
  defaultInstallDir: '/opt/Axway/SecureTransport',
  /** `bin/start_admin`, `bin/stop_all`, … — `stop_all -f` forces (docs/st-facts.md). */
  script(verb: ScriptVerb, target: ScriptTarget): string {
    return `bin/${verb}_${target}`;
  },
  forceStopFlag: '-f',
  pidFile(service: Service): string {
    return PID_FILES[service];
  },
  /** Admin is ready when its port accepts connections and this log has the marker. */
  catalinaOut: 'tomcat/admin/logs/catalina.out',
  adminReadyMarker: 'Server startup',
  /** The shared secret: identical on every node, imported only at install time. Never print it. */
  taeh: 'bin/taeh',
  coreLicense: 'conf/filedrive.license',
  featuresLicense: 'conf/st.license',
  /** [U] The version file: ST's own is `display.sh -n SecureTransport`; the lab writes this. */
  versionFile: 'conf/version.txt',
  /** The silent installer, relative to the installer media directory. */
  installerScript: 'setup.sh',
  installerSilentFlag: '-s',
  /** The two silent-file templates, relative to the installer media directory. */
  mediaConfigurationDir: 'Components/Configuration',
  /** The installer's own log, relative to the Axway home (the install dir's parent). */
  installLog: 'install.log',
  adminApiBasePath: '/api/v2.0',
  /** Admin REST resources, relative to adminApiBasePath (docs/st-facts.md). */
  adminPaths: {
    version: '/version',
    myself: '/myself',
    options: '/configurations/options',
    clusterManagement: '/configurations/clusterManagement',
  },
  swaggerPath: '/api/v2.0/docs/swagger.json',
  /** Default Admin UI/API port of a non-root install; 444 for a root install. */
  adminPortDefault: 8444,
  adminPortRoot: 444,
} as const;

const STATUS_RE = /\bis (alive|down|disabled)\b/;

/**
 * Reads what `bin/status_<s>` printed. Protocol daemons print `<d> is alive|down|disabled`;
 * Admin and TM print `... is alive` / `... is down` (docs/st-facts.md). Anything else,
 * e.g. the refusal printed while Admin is down, is `unknown`.
 */
export function parseStatus(output: string, service: Service | 'all'): ServiceStatus {
  const lines = output.split(/\r?\n/).map((l) => l.trim().toLowerCase()).filter(Boolean);
  const statusLines = lines.filter((l) => STATUS_RE.test(l));
  const names = (l: string): string | undefined => SCRIPT_TARGETS.find((s) => l.startsWith(`${s} `) || l.includes(` ${s} `));
  const named = statusLines.filter((l) => names(l) === service);
  // Admin/TM wording varies by version ("Administration server is alive"), so a lone
  // status line counts when it names nothing we know; with several lines we need the name.
  const candidates = named.length > 0 ? named : statusLines.length === 1 && !names(statusLines[0]!) ? statusLines : [];
  for (const line of candidates) {
    const match = STATUS_RE.exec(line);
    if (!match) continue;
    const status = match[1] as 'alive' | 'down' | 'disabled';
    if (status === 'disabled' && (service === 'admin' || service === 'tm')) return 'unknown';
    return status;
  }
  return 'unknown';
}
