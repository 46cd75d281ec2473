// A node's private root (docs/lab-contract.md "A node root"): the node sees it as "/".
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeSimScript } from './sim/install-layout.js';
import { writeMedia } from './sim/media.js';
import { nodeConfigFile, type NodeConfig } from './sim/node-context.js';
import type { LabNode } from './types.js';

export const LAB_INSTALL_DIR = '/opt/Axway/SecureTransport';
export const LAB_MEDIA_DIR = '/opt/media/SecureTransport';
export const LAB_SHARED_FS = '/mnt/st-shared';

const getentShim = (hostsFile: string): string => `#!/bin/sh
# getent that answers from the node's own /etc/hosts first, as the node would.
case "$1" in
  hosts|ahosts|ahostsv4)
    if [ -n "$2" ]; then
      line=$(awk -v k="$2" '$1 !~ /^#/ { for (i = 2; i <= NF; i++) if ($i == k) { print; exit } }' '${hostsFile}')
      if [ -n "$line" ]; then echo "$line"; exit 0; fi
    fi ;;
esac
exec /usr/bin/getent "$@"
`;

export interface NodeRootSettings {
  labDir: string;
  caDir: string | null;
  adminPort: number;
  installDelayMs: number;
  startDelayMs: number;
  adminStartDelayMs: number;
  stopDelayMs: number;
  simEntry: string;
}

/** shared: the directory a dirs lab links at R/mnt/st-shared; a hosts lab (null) bind-mounts it there instead. */
export function makeNodeRoot(node: LabNode, all: LabNode[], settings: NodeRootSettings, shared: string | null): void {
  const r = (...parts: string[]): string => path.join(node.root, ...parts);
  for (const dir of ['.lab/bin', 'etc', 'tmp', 'mnt', 'var', LAB_MEDIA_DIR.slice(1)]) mkdirSync(r(dir), { recursive: true });
  const config: NodeConfig = {
    name: node.name,
    address: node.address,
    labDir: settings.labDir,
    caDir: settings.caDir,
    adminPort: settings.adminPort,
    adminUser: 'admin',
    delays: { installMs: settings.installDelayMs, startMs: settings.startDelayMs, adminStartMs: settings.adminStartDelayMs, stopMs: settings.stopDelayMs },
    simEntry: settings.simEntry,
    nodeExec: process.execPath,
    // PeSIT is rarely licensed: one daemon shows the "disabled" status for real.
    disabledDaemons: ['pesitd'],
  };
  writeFileSync(nodeConfigFile(node.root), JSON.stringify(config, null, 2) + '\n');
  writeFileSync(r('.lab/bin/hostname'), `#!/bin/sh\necho '${node.name}'\n`, { mode: 0o755 });
  writeFileSync(r('.lab/bin/getent'), getentShim(r('etc/hosts')), { mode: 0o755 });
  writeFileSync(r('etc/hostname'), `${node.name}\n`);
  const hosts = ['127.0.0.1\tlocalhost', ...all.map((n) => `${n.address}\t${n.name}`)];
  writeFileSync(r('etc/hosts'), hosts.join('\n') + '\n');
  const osRelease = ['/etc/os-release', '/usr/lib/os-release'].find((f) => existsSync(f));
  if (osRelease) copyFileSync(osRelease, r('etc/os-release'));
  else writeFileSync(r('etc/os-release'), 'ID=linux\nNAME="Linux"\n');
  writeSimScript(r(LAB_MEDIA_DIR.slice(1), 'setup.sh'), config, ['install', node.root], 'silent installer');
  writeMedia(r(LAB_MEDIA_DIR.slice(1)), settings.simEntry, process.execPath);
  if (shared) symlinkSync(shared, r(LAB_SHARED_FS.slice(1)));
  else mkdirSync(r(LAB_SHARED_FS.slice(1)), { recursive: true });
}
