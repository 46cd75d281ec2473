// bin/start_*, stop_*, status_* of a simulated node (docs/lab-contract.md "Services").
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROTOCOL_DAEMONS, pidRegistry, SERVICES, type Home, type Service } from './node-context.js';
import { isAlive, killPid, readPid, spawnDetached, waitUntil } from './proc.js';
import { simulate } from './sim-ops.js';

export interface ServiceResult {
  ok: boolean;
  out: string[];
  err: string[];
}

const label = (s: Service): string => (s === 'admin' ? 'Admin' : s === 'tm' ? 'TM' : s);
const START_ORDER: readonly Service[] = ['admin', 'tm', 'monitord', ...PROTOCOL_DAEMONS];
/** How long start_admin watches a new Admin before it returns (the lab's stand-in for the script's own launch). */
const ADMIN_LAUNCH_GRACE_MS = 1500;

export function servicePid(home: Home, s: Service): number | null {
  const pid = readPid(home.pidFile(s));
  return pid !== null && isAlive(pid, home.marker) ? pid : null;
}

export const isDisabled = (home: Home, s: Service): boolean => home.config.disabledDaemons.includes(s);

export function serviceStatus(home: Home, s: Service): 'alive' | 'down' | 'disabled' {
  if (isDisabled(home, s)) return 'disabled';
  return servicePid(home, s) === null ? 'down' : 'alive';
}

export const statusLine = (s: Service, status: string): string => `${label(s)} is ${status}`;

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

// How each service started by this script ended, when it ended while the script ran:
// "did not start" then says whether it exited or was killed (and by which signal).
const endings = new Map<Service, string>();

function launch(home: Home, s: Service): number {
  const config = home.config;
  endings.delete(s);
  const common = { logFile: home.logFile(s), registry: pidRegistry(home.root), onExit: (how: string) => void endings.set(s, how) };
  const pid =
    s === 'admin'
      ? spawnDetached({ ...common, command: config.nodeExec, args: [config.simEntry, 'admin', home.root, home.dir], logFile: home.file('tomcat', 'admin', 'logs', 'admin.log') })
      : // TM and daemons only need to exist as processes: sleep keeps 32-node labs light.
        spawnDetached({ ...common, command: 'sleep', args: ['infinity'], argv0: `st-lab-${s} ${home.marker}` });
  mkdirSync(path.dirname(home.pidFile(s)), { recursive: true });
  writeFileSync(home.pidFile(s), `${pid}\n`);
  return pid;
}

async function startOne(home: Home, s: Service): Promise<ServiceResult> {
  const result: ServiceResult = { ok: true, out: [], err: [] };
  if (isDisabled(home, s)) return { ...result, out: [statusLine(s, 'disabled')] };
  if (servicePid(home, s) !== null) return { ...result, out: [`${label(s)} is already running`] };
  if (s === 'tm') {
    // Loaded on use: pg costs ~100 ms that status and stop scripts need not pay.
    const refusal = await (await import('./tm-rules.js')).tmRefusal(home);
    if (refusal) return { ok: false, out: [], err: [`TM will not start: ${refusal}`] };
  }
  // Admin's own start time is spent inside the Admin process (admin-server.ts), before its port opens.
  const { startMs } = home.config.delays;
  if (s !== 'admin') await simulate(home.root, 'start', s, startMs);
  const offset = fileSize(home.catalinaOut);
  const pid = launch(home, s);
  const startedUp = (): boolean => fileSize(home.catalinaOut) > offset && readFileSync(home.catalinaOut, 'utf8').slice(offset).includes('Server startup');
  const ready = s === 'admin' ? () => !isAlive(pid) || startedUp() : () => true;
  // start_admin returns once Admin is launched, not once it is ready: Axway's sample waits
  // up to 600 s for the port after start_all (docs/st-facts.md). A short grace still
  // catches an Admin that dies at once (port taken, bad config) and a fast one that is ready.
  await waitUntil(ready, s === 'admin' ? ADMIN_LAUNCH_GRACE_MS : 0);
  if (!isAlive(pid, home.marker)) {
    rmSync(home.pidFile(s), { force: true });
    await waitUntil(() => endings.has(s), 200);
    const how = endings.get(s) ?? 'not alive under its marker';
    return { ok: false, out: [], err: [`${label(s)} did not start (pid ${pid}: ${how}); see ${home.logFile(s)}`] };
  }
  if (s === 'admin' && !startedUp()) {
    return { ...result, out: [`${label(s)} starting (pid ${pid}); ready when "Server startup" is in ${home.catalinaOut}`] };
  }
  return { ...result, out: [`${label(s)} started (pid ${pid})`] };
}

async function stopOne(home: Home, s: Service, force: boolean): Promise<ServiceResult> {
  const pid = servicePid(home, s);
  if (pid === null) {
    rmSync(home.pidFile(s), { force: true });
    return { ok: true, out: [`${label(s)} is not running`], err: [] };
  }
  await simulate(home.root, 'stop', s, home.config.delays.stopMs ?? 0);
  const gone = await killPid(pid, home.marker, { force });
  if (gone) rmSync(home.pidFile(s), { force: true });
  return gone ? { ok: true, out: [`${label(s)} stopped`], err: [] } : { ok: false, out: [], err: [`${label(s)} (pid ${pid}) did not stop`] };
}

function merge(results: ServiceResult[]): ServiceResult {
  return { ok: results.every((r) => r.ok), out: results.flatMap((r) => r.out), err: results.flatMap((r) => r.err) };
}

const targets = (s: Service | 'all'): readonly Service[] => (s === 'all' ? START_ORDER : [s]);

export async function start(home: Home, s: Service | 'all'): Promise<ServiceResult> {
  const results: ServiceResult[] = [];
  for (const one of targets(s)) results.push(await startOne(home, one));
  return merge(results);
}

export async function stop(home: Home, s: Service | 'all', force: boolean): Promise<ServiceResult> {
  const results: ServiceResult[] = [];
  for (const one of [...targets(s)].reverse()) results.push(await stopOne(home, one, force));
  return merge(results);
}

export function status(home: Home, s: Service | 'all'): ServiceResult {
  // docs/st-facts.md: the status scripts only work while Admin runs.
  if (s !== 'admin' && servicePid(home, 'admin') === null) {
    return { ok: false, out: [], err: ['Admin is not running: service status is not available until Admin is started (start_admin)'] };
  }
  const list = s === 'all' ? SERVICES : [s];
  return { ok: true, out: list.map((one) => statusLine(one, serviceStatus(home, one))), err: [] };
}

export const isInstalled = (home: Home): boolean => existsSync(home.installInfoFile);
