import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answersSchema } from '../../src/answers/schema.js';
import { labDown, labStatus, labUp, type LabInfo } from '../../src/lab/index.js';
import { isAlive } from '../../src/lab/sim/proc.js';
import { home, install, labDir, labQuery, randomAddressBase, script, writeProperties } from './support.js';

describe('lab up with its own PostgreSQL, then lab down', () => {
  let lab: LabInfo | undefined;
  afterAll(async () => {
    if (lab && existsSync(lab.dir)) await labDown(lab.dir);
    if (lab) rmSync(path.dirname(lab.dir), { recursive: true, force: true });
  });

  it('runs PostgreSQL beyond lab up with the ST prerequisites, and lab down leaves no process and no directory', async () => {
    lab = await labUp({ dir: labDir(), nodes: 1, addressBase: randomAddressBase(), autoRegister: true, latencyMs: 5 });
    const state = JSON.parse(readFileSync(path.join(lab.dir, 'lab.json'), 'utf8'));
    expect(isAlive(state.pg.pid)).toBe(true);
    expect(labStatus(lab.dir).db).toMatchObject({ mode: 'own', running: true, name: 'st' });

    const [db] = await labQuery<{ owner: string; ts: string }>(lab,
      'SELECT pg_get_userbyid(d.datdba) AS owner, t.spcname AS ts FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()');
    expect(db).toEqual({ owner: lab.db.user, ts: 'st_data' });
    const spaces = await labQuery<{ spcname: string }>(lab, "SELECT spcname FROM pg_tablespace WHERE spcname LIKE 'st_%' ORDER BY 1");
    expect(spaces.map((s) => s.spcname)).toEqual(['st_data', 'st_filetracking', 'st_serverlog']);
    // Configured as ST recommends: db.max-connections passes against the lab's own PostgreSQL.
    const [limit] = await labQuery<{ n: number }>(lab, "SELECT current_setting('max_connections')::int AS n");
    expect(limit?.n).toBeGreaterThanOrEqual(1000);

    const answers = answersSchema.parse(parse(readFileSync(lab.answersFile, 'utf8')));
    expect(answers.cluster.autoRegister).toBe(true);
    expect(answers.nodes[0]).toMatchObject({ adapter: 'lab', address: lab.nodes[0]!.address, lab: { root: lab.nodes[0]!.root, latencyMs: 5 } });

    const node = lab.nodes[0]!;
    expect((await install(node, writeProperties(lab, node, { clusterNodeValue: node.address }))).code).toBe(0);
    copyFileSync(answers.licenses.features, home(node, 'conf', 'st.license'));
    expect((await script(node, 'start_all')).code).toBe(0);
    const pids = [state.pg.pid as number, ...readFileSync(path.join(node.root, '.lab', 'pids'), 'utf8').trim().split('\n').map(Number)];
    expect(pids.length).toBeGreaterThanOrEqual(7);
    expect(pids.every((p) => isAlive(p))).toBe(true);

    await labDown(lab.dir);
    expect(pids.filter((p) => isAlive(p))).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
  });
});
