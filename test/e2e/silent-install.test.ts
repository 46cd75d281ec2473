// The silent install as the installer receives it (issue 12 items 1 and 10): a whole
// setup on the lab with each node's setup.sh wrapped to keep what it was given — both
// silent files, TEMPORARY_DIR, the umask and the account — checked key by key; and an
// installer refusal reported by st-cluster with the node, the step and the installer's words.
import { chmod, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/st/installer-properties.js';
import { AXWAY_INSTALLER_FILE, ST_SILENT_FILE } from '../../src/lab/sim/media.js';
import { runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;
const MEDIA = 'opt/media/SecureTransport';

/** Replaces the node's setup.sh with one that copies its inputs to DIR/<node>, then runs the lab's installer. */
async function captureInstaller(lab: Lab, dir: string): Promise<void> {
  for (const node of lab.nodes) {
    const setup = path.join(node.root, MEDIA, 'setup.sh');
    await rename(setup, `${setup}.real`);
    const into = path.join(dir, node.name);
    await writeFile(setup, `#!/bin/sh
d='${into}'; mkdir -p "$d"; s=$(dirname "$2")
cp "$s"/Install_*.properties "$d"/
if [ -f "$s/taeh" ]; then sha256sum < "$s/taeh" > "$d/taeh.sha256"; fi
printf '%s\\n' "$TEMPORARY_DIR" > "$d/TEMPORARY_DIR"; umask > "$d/umask"; id -un > "$d/user"; printf '%s\\n' "$@" > "$d/argv"
exec '${setup}.real' "$@"
`);
    await chmod(setup, 0o755);
  }
}

describe('the silent files the installer receives, on every node', () => {
  let lab: Lab;
  let captured: string;
  const file = async (node: string, name: string): Promise<Record<string, string>> => parseProperties(await readFile(path.join(captured, node, name), 'utf8'));
  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    captured = path.join(lab.dir, 'captured');
    await captureInstaller(lab, captured);
  });
  afterAll(async () => lab?.down());

  it('sets up a healthy cluster from the media\'s templates, each key as Axway\'s sample sets it', async () => {
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const me = userInfo();
    const dbPassword = await readFile(lab.dbPasswordFile, 'utf8');
    const firstTaeh = (await import('node:crypto')).createHash('sha256').update(await readFile(path.join(lab.nodes[0]!.root, 'opt/Axway/SecureTransport/bin/taeh'))).digest('hex');
    for (const [index, node] of lab.nodes.entries()) {
      const first = index === 0;
      const at = (name: string): string => path.join(captured, node.name, name);
      expect((await readdir(path.join(captured, node.name))).filter((f) => f.endsWith('.properties')).sort()).toEqual([AXWAY_INSTALLER_FILE, ST_SILENT_FILE]);
      // setup.sh -s <the Axway installer file>, which includes the SecureTransport file beside it.
      const argv = (await readFile(at('argv'), 'utf8')).trim().split('\n');
      expect(argv[0]).toBe('-s');
      expect(path.basename(argv[1]!)).toBe(AXWAY_INSTALLER_FILE);
      expect(path.basename(path.dirname(argv[1]!))).toMatch(new RegExp(`^\\.st-cluster-[\\w-]+\\.${node.name}$`));
      const axway = await file(node.name, AXWAY_INSTALLER_FILE);
      expect(axway).toMatchObject({ Component: 'Axway_Installer', InstallationLogicalName: 'SecureTransport', InstallDir: '/opt/Axway', AllAxwayComps64: 'true', 'IncludeFiles.SecureTransport': ST_SILENT_FILE });
      expect(Object.keys(axway).filter((k) => k.startsWith('License'))).toEqual([]);
      const st = await file(node.name, ST_SILENT_FILE);
      expect(st, node.name).toMatchObject({
        Component: 'SecureTransport',
        'Component.ACCEPT_GENERAL_CONDITIONS': 'Yes',
        SecureTransport: 'true',
        Server: 'true',
        Edge: 'false',
        InstallDir: '/opt/Axway/SecureTransport',
        userName: me.username,
        isNonRootInstall: String(me.uid !== 0),
        dbType: 'usePostgreSQLExternal',
        postgreHost: lab.db.host,
        postgrePort: String(lab.db.port),
        postgreDatabaseName: lab.db.name,
        postgreLoginName: lab.db.user,
        postgrePassword: dbPassword,
        postgreUseSecureConnection: 'false',
        externalDBUseSecureConnection: 'false',
        postgreUseExistingSchema: String(!first),
        externalDBUseExistingSchema: String(!first),
        sslAdminPort: first ? '8444' : '',
        tomcatShutdownPort: first ? '8005' : '',
        clusterNodeValue: '',
      });
      expect(st['postgrePassword.Format'], 'a clear password has no Format key').toBeUndefined();
      if (first) {
        expect(st.SecretFilePath).toBe('');
        expect(st['SecretFilePath.Type']).toBeUndefined();
      } else {
        // The lab adapter hands setup.sh host paths; the file names the node's own path.
        expect(st.SecretFilePath).toBe(path.posix.join(path.posix.dirname(argv[1]!).slice(node.root.length), 'taeh'));
        expect(st['SecretFilePath.Type']).toBe('File');
        expect((await readFile(at('taeh.sha256'), 'utf8')).split(' ')[0]).toBe(firstTaeh);
      }
      expect((await readFile(at('TEMPORARY_DIR'), 'utf8')).trim()).toBe('/tmp');
      expect((await readFile(at('umask'), 'utf8')).trim()).toBe('0022');
      expect((await readFile(at('user'), 'utf8')).trim()).toBe(me.username);
    }
  }, 180_000);
});

describe('an installer refusal, as st-cluster reports it', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ nodes: 1 });
  });
  afterAll(async () => lab?.down());

  it('names the node, the step and the installer\'s own message, and installs nothing', async () => {
    // A media whose Axway installer template is not one (its Component line gone).
    const template = path.join(lab.nodes[0]!.root, MEDIA, 'Components/Configuration', AXWAY_INSTALLER_FILE);
    await writeFile(template, (await readFile(template, 'utf8')).replace(/^Component = Axway_Installer\n/m, ''));
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(4);
    const failed = run.events.find((e) => e.type === 'action' && e.status === 'failed')!;
    expect(failed).toMatchObject({ step: 'install-first', node: 'node1' });
    expect(String(failed.error)).toMatch(/setup\.sh exited 1: .*is not an Axway installer silent file \(no "Component = Axway_Installer"\)/s);
    expect(run.stderr).toMatch(/The installer's own log is \/opt\/Axway\/install\.log on node1/);
    expect(await readdir(path.join(lab.nodes[0]!.root, 'opt/Axway/SecureTransport')).catch(() => [])).toEqual([]);
  }, 120_000);
});
