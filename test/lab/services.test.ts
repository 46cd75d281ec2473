import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { labStatus, labUp, type LabInfo } from '../../src/lab/index.js';
import { isAlive } from '../../src/lab/sim/proc.js';
import { existingSchema, home, install, labDir, labQuery, randomAddressBase, script, writeProperties, labDownAndClean } from './support.js';

const pidOf = (file: string): number => Number(readFileSync(file, 'utf8').trim());

describe('lab service scripts (bin/start_*, stop_*, status_*)', () => {
  let lab: LabInfo;
  const node = (i: number) => lab.nodes[i]!;
  const register = (i: number) => labQuery(lab, 'INSERT INTO clusternode (serveraddress) VALUES ($1)', [node(i).address]);
  const license = (i: number) => copyFileSync(path.join(lab.dir, 'licenses', 'st.license'), home(node(i), 'conf', 'st.license'));

  beforeAll(async () => {
    lab = await labUp({ dir: labDir(), nodes: 3, maxNodes: 2, dbUrl: inject('pgUrl'), addressBase: randomAddressBase(), name: 'services' });
    expect((await install(node(0), writeProperties(lab, node(0), {}))).code).toBe(0);
    copyFileSync(home(node(0), 'bin', 'taeh'), path.join(node(1).root, 'tmp', 'taeh'));
    expect((await install(node(1), writeProperties(lab, node(1), existingSchema('/tmp/taeh')))).code).toBe(0);
  });
  afterAll(() => labDownAndClean(lab));

  it('status scripts print the documented strings and fail while Admin is down', async () => {
    const status = await script(node(0), 'status_all');
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n')).toEqual([
      'Admin is alive', 'TM is down', 'sshd is down', 'ftpd is down', 'httpd is down', 'as2d is down', 'pesitd is disabled', 'monitord is down',
    ]);
    const adminPid = pidOf(home(node(1), 'var', 'run', 'admin', 'tomcat.pid'));
    const stop = await script(node(1), 'stop_admin');
    expect(stop.code).toBe(0);
    expect(isAlive(adminPid)).toBe(false);
    expect(existsSync(home(node(1), 'var', 'run', 'admin', 'tomcat.pid'))).toBe(false);
    expect(await script(node(1), 'status_admin')).toMatchObject({ code: 0, stdout: 'Admin is down\n' });
    for (const s of ['status_tm', 'status_sshd', 'status_all']) {
      const result = await script(node(1), s);
      expect(result.code, s).toBe(1);
      expect(result.stderr, s).toMatch(/Admin is not running/);
    }
  });

  it('start_admin returns once Admin is launched (pid file, alive); "Server startup" follows in catalina.out, then status is alive', async () => {
    const start = await script(node(1), 'start_admin');
    expect(start.code).toBe(0);
    const pid = pidOf(home(node(1), 'var', 'run', 'admin', 'tomcat.pid'));
    expect(isAlive(pid)).toBe(true);
    const catalina = home(node(1), 'tomcat', 'admin', 'logs', 'catalina.out');
    const startups = (): number => readFileSync(catalina, 'utf8').match(/Server startup/g)?.length ?? 0;
    for (let i = 0; i < 100 && startups() < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(startups()).toBe(2);
    expect((await script(node(1), 'status_admin')).stdout).toBe('Admin is alive\n');
  });

  it('TM refuses without the features license; runs stand-alone while no node is registered; then refuses a node the cluster does not list', async () => {
    const noLicense = await script(node(0), 'start_tm');
    expect(noLicense.code).toBe(1);
    expect(noLicense.stderr).toMatch(/no features license/);
    license(0);
    // Before any node is registered the first Server is a stand-alone server: its TM runs.
    const standAlone = await script(node(0), 'start_tm');
    expect(standAlone.stderr).toBe('');
    expect(standAlone.code).toBe(0);
    expect((await script(node(0), 'stop_tm')).code).toBe(0);
    await register(0);
    license(1);
    const unregistered = await script(node(1), 'start_tm');
    expect(unregistered.code).toBe(1);
    expect(unregistered.stderr).toMatch(/is not registered in the cluster \(registered: [\d.]+\); add it through the first Server's Admin/);
    expect(existsSync(home(node(1), 'var', 'run', 'tm.pid'))).toBe(false);
  });

  it('TM starts on a registered, licensed node and stops by pid', async () => {
    const start = await script(node(0), 'start_tm');
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const pid = pidOf(home(node(0), 'var', 'run', 'tm.pid'));
    expect(isAlive(pid)).toBe(true);
    expect((await script(node(0), 'status_tm')).stdout).toBe('TM is alive\n');
    expect((await script(node(0), 'stop_tm')).code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect((await script(node(0), 'status_tm')).stdout).toBe('TM is down\n');
  });

  it('TM refuses when registered servers exceed the licensed count', async () => {
    license(1);
    await register(1);
    await register(2);
    const over = await script(node(1), 'start_tm');
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/3 servers are registered but the license allows 2/);
    await labQuery(lab, 'DELETE FROM clusternode WHERE serveraddress = $1', [node(2).address]);
    expect((await script(node(1), 'start_tm')).code).toBe(0);
  });

  it('start_all starts everything, stop_all -f stops every process and removes its pid file', async () => {
    const start = await script(node(1), 'start_all');
    expect(start.code).toBe(0);
    const status = labStatus(lab.dir).nodes[1]!;
    expect(status.services).toEqual({ admin: 'alive', tm: 'alive', sshd: 'alive', ftpd: 'alive', httpd: 'alive', as2d: 'alive', pesitd: 'disabled', monitord: 'alive' });
    const pidFiles = ['admin/tomcat.pid', 'tm.pid', 'sshd.pid', 'ftpd.pid', 'httpd.pid', 'as2d.pid', 'monitord.pid'].map((f) => home(node(1), 'var', 'run', f));
    const pids = pidFiles.map(pidOf);
    expect(pids.every((p) => isAlive(p))).toBe(true);
    expect((await script(node(1), 'stop_all', ['-f'])).code).toBe(0);
    expect(pids.filter((p) => isAlive(p))).toEqual([]);
    expect(pidFiles.filter((f) => existsSync(f))).toEqual([]);
    expect((await script(node(1), 'stop_all')).stdout).toMatch(/Admin is not running/);
  });

  it('a started process survives the script that started it (detached)', async () => {
    expect((await script(node(1), 'start_sshd')).code).toBe(0);
    const pid = pidOf(home(node(1), 'var', 'run', 'sshd.pid'));
    expect(isAlive(pid)).toBe(true);
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[4]).toBe(String(pid));
  });
});
