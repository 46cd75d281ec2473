// The wizard's questions, driven in-process on a fake terminal: order, defaults,
// validation at the prompt (same zod rules as the file) and masked secrets.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/engine/errors.js';
import { fillAnswers, type FillContext } from '../../src/cli/wizard-fill.js';
import { InquirerPrompter } from '../../src/ui/prompter.js';
import { answer, pick, waitFor } from './screen-helpers.js';

function context(): FillContext & { out: string[] } {
  const out: string[] = [];
  return { prompter: new InquirerPrompter(), write: (t) => void out.push(t), secrets: new Map(), cwd: '/work/cluster', env: {}, out };
}

const partial = () => ({
  apiVersion: 'st-cluster/v1',
  cluster: { installDir: '/opt/Axway/SecureTransport', autoRegister: false, tls: { enabled: true } },
  database: { type: 'postgresql', host: 'db.example', name: 'st', user: 'st' },
  sharedFs: { path: '/mnt/st-shared' },
  installer: { media: '/opt/media/SecureTransport' },
  nodes: [{ name: 'n1', address: '10.0.0.1', adapter: 'local' }],
  licenses: { core: '/l/core.lic', features: '/l/st.lic' },
  admin: { user: 'admin', password: { env: 'ST_ADMIN_PASSWORD' }, caFile: '/l/ca.pem', register: { method: 'manual' } },
});

describe('wizard prompts', () => {
  it('asks only what a partial file lacks, refuses at the prompt what the file would refuse, and never shows a secret', async () => {
    const ctx = context();
    const doc: Record<string, unknown> = partial();
    const done = fillAnswers(doc, ctx);

    await answer(screen, 'Cluster name', 'bad name!');
    await waitFor(screen, 'letters, digits, "-" and "_"');
    screen.keypress({ name: 'u', ctrl: true });
    await answer(screen, 'Cluster name', 'prod-ec');

    await waitFor(screen, 'Database port');
    expect(screen.getScreen()).toContain('5432');
    await answer(screen, 'Database port', '99999');
    await waitFor(screen, /Too big|<=65535/);
    screen.keypress({ name: 'u', ctrl: true });
    screen.keypress('enter');

    await pick(screen, 'database.password: where does st-cluster get it?', 0);
    await answer(screen, 'Database password (not shown)', 'pa$$word');
    await waitFor(screen, 'SecureTransport refuses');
    for (let i = 0; i < 8; i += 1) screen.keypress('backspace');
    await answer(screen, 'Database password (not shown)', 'Sup3rSecretValue');
    await answer(screen, 'Database password again, to confirm (not shown)', 'Sup3rSecretValue');

    await waitFor(screen, 'Admin port');
    expect(screen.getScreen()).toContain('8444');
    screen.keypress('enter');

    expect(await done).toBe(4);
    expect(doc.cluster).toMatchObject({ name: 'prod-ec' });
    expect(doc.database).toMatchObject({ port: 5432, password: 'prompt' });
    expect(doc.admin).toMatchObject({ port: 8444 });
    expect(ctx.secrets.get('database.password')).toBe('Sup3rSecretValue');
    const everything = (await screen.getFullOutput()) + ctx.out.join('');
    expect(everything).not.toContain('Sup3rSecretValue');
    expect(everything).not.toContain('pa$$word');
    expect(ctx.out.join('')).toMatch(/Cluster[\s\S]*Shared database[\s\S]*Admin Tool/);
  });

  it('asks the nodes one by one, the first node first, with adapter-specific questions', async () => {
    const ctx = context();
    const doc: Record<string, unknown> = { ...partial(), nodes: undefined, cluster: { ...partial().cluster, name: 'c1' }, database: { ...partial().database, port: 5432, password: { env: 'X' } }, admin: { ...partial().admin, port: 8444 } };
    delete doc.nodes;
    const done = fillAnswers(doc, ctx);
    await answer(screen, 'How many nodes', 'x');
    await waitFor(screen, 'a whole number');
    screen.keypress('backspace');
    await answer(screen, 'How many nodes', '2');
    await answer(screen, 'Node 1 name', 'alpha');
    await answer(screen, 'Node 1 address', '127.1.2.11');
    await pick(screen, 'Node 1 reached through', 2);
    await answer(screen, 'Node 1 lab node root directory', 'lab/nodes/alpha');
    await answer(screen, 'Node 2 name', 'beta');
    await answer(screen, 'Node 2 address', '127.1.2.12');
    await pick(screen, 'Node 2 reached through', 0);
    await answer(screen, 'Node 2 ssh user', '');
    await answer(screen, 'Node 2 ssh identity file', '~/.ssh/id_ed25519');
    expect(await done).toBe(10);
    expect(doc.nodes).toEqual([
      { name: 'alpha', address: '127.1.2.11', adapter: 'lab', lab: { root: '/work/cluster/lab/nodes/alpha' } },
      { name: 'beta', address: '127.1.2.12', adapter: 'ssh', ssh: { identityFile: expect.stringMatching(/\/\.ssh\/id_ed25519$/) } },
    ]);
    expect(ctx.out.join('')).toContain('Node 1 of 2 (the first node');
  });

  it('asks a new secret twice until both agree, and lets an unset variable go back to the choice of source', async () => {
    const ctx = context();
    const doc: Record<string, unknown> = { ...partial(), cluster: { ...partial().cluster, name: 'c1' }, database: { ...partial().database, port: 5432 }, admin: { ...partial().admin, port: 8444 } };
    const done = fillAnswers(doc, ctx);
    // An environment variable that is not set: refused at the prompt, and an empty name goes back.
    await pick(screen, 'database.password: where does st-cluster get it?', 1);
    screen.keypress({ name: 'u', ctrl: true });
    await answer(screen, 'Environment variable name', 'ST_NOT_SET_ANYWHERE');
    await waitFor(screen, 'ST_NOT_SET_ANYWHERE is not set');
    screen.keypress({ name: 'u', ctrl: true });
    await answer(screen, 'Environment variable name', '');
    await pick(screen, 'database.password: where does st-cluster get it?', 0);
    await answer(screen, 'Database password (not shown)', 'Sup3rSecretValue');
    await answer(screen, 'Database password again, to confirm (not shown)', 'Sup3rSecretValuX');
    await answer(screen, 'Database password (not shown)', 'An0therSecretValue');
    await answer(screen, 'Database password again, to confirm (not shown)', 'An0therSecretValue');
    expect(await done).toBe(1);
    expect(ctx.out.join('')).toContain('The two entries differ; type the password again.');
    expect(ctx.secrets.get('database.password')).toBe('An0therSecretValue');
    expect((await screen.getFullOutput()) + ctx.out.join('')).not.toMatch(/Sup3rSecretValu|An0therSecretValue/);
  });

  it('tells its onAnswer hook after every answer, with the secret only as a reference', async () => {
    const seen: string[] = [];
    const ctx = { ...context(), onAnswer: (d: Record<string, unknown>) => void seen.push(JSON.stringify(d)) };
    const doc: Record<string, unknown> = { ...partial(), admin: { ...partial().admin, port: 8444 }, database: { ...partial().database, port: 5432 } };
    const done = fillAnswers(doc, ctx);
    await answer(screen, 'Cluster name', 'c2');
    await pick(screen, 'database.password: where does st-cluster get it?', 0);
    await answer(screen, 'Database password (not shown)', 'Sup3rSecretValue');
    await answer(screen, 'Database password again, to confirm (not shown)', 'Sup3rSecretValue');
    expect(await done).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toContain('"name":"c2"');
    expect(seen[1]).toContain('"password":"prompt"');
    expect(seen.join('')).not.toContain('Sup3rSecretValue');
  });

  it('Ctrl-C at a prompt is an interruption, not a crash', async () => {
    const ctx = context();
    const done = fillAnswers({}, ctx);
    await waitFor(screen, 'Cluster name');
    screen.keypress({ name: 'c', ctrl: true });
    await expect(done).rejects.toBeInstanceOf(InterruptedError);
  });
});
