// What a finished install leaves in FILEDRIVEHOME (docs/lab-contract.md "A node root").
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { issueAdmindCert } from './certs.js';
import type { DbConfig } from './db.js';
import { homeMarkerFile, SERVICES, ST_VERSION, type Home, type InstallInfo, type NodeConfig } from './node-context.js';

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A #!/bin/sh script that execs the simulator with fixed leading arguments, so it works from any shell.
 * `--as "$0"` keeps the script's own path in the process's argv: `ps` on the node then shows a
 * running setup.sh or bin/start_all as it would show ST's shell scripts (st.no-job-running).
 */
export function writeSimScript(file: string, config: Pick<NodeConfig, 'nodeExec' | 'simEntry'>, args: string[], what: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const argv = [config.nodeExec, config.simEntry].map(shQuote).join(' ');
  const fixed = args.map(shQuote).join(' ');
  writeFileSync(file, `#!/bin/sh\n# SecureTransport lab simulator: ${what}\nexec ${argv} --as "$0" ${fixed} "$@"\n`, { mode: 0o755 });
  chmodSync(file, 0o755);
}

export function writeInstall(home: Home, info: InstallInfo, db: DbConfig, taeh: Uint8Array): void {
  const config = home.config;
  for (const dir of ['bin', 'conf', 'var/run/admin', 'var/logs', 'tomcat/admin/logs']) mkdirSync(home.file(dir), { recursive: true });
  writeFileSync(home.file('bin', 'taeh'), taeh, { mode: 0o600 });
  chmodSync(home.file('bin', 'taeh'), 0o600);
  writeFileSync(home.file('conf', 'version.txt'), `${ST_VERSION}\n`);
  cutIfAsked(home);
  writeFileSync(home.dbFile, JSON.stringify(db), { mode: 0o600 });
  chmodSync(home.dbFile, 0o600);
  issueAdmindCert(config.caDir, home.file('conf', 'certs'), config.address, config.name);
  for (const action of ['start', 'stop', 'status']) {
    for (const s of ['all', ...SERVICES]) {
      writeSimScript(home.file('bin', `${action}_${s}`), config, ['service', home.root, home.dir, action, s], `${action}_${s}`);
    }
  }
  // Written last: its presence is what "installed" means to the scripts and to lab status.
  writeFileSync(home.installInfoFile, JSON.stringify(info, null, 2) + '\n');
  writeFileSync(homeMarkerFile(home.root), home.dir);
}

/**
 * Rehearsal hook: a file `R/.lab/cut-install` makes the next install die
 * by SIGKILL right after the version file and taeh, before bin/* (a partial install). Used once.
 */
export const CUT_INSTALL_FILE = '.lab/cut-install';

function cutIfAsked(home: Home): void {
  const marker = path.join(home.root, CUT_INSTALL_FILE);
  if (!existsSync(marker)) return;
  rmSync(marker, { force: true });
  process.kill(process.pid, 'SIGKILL');
}
