// configure-first (step 3) against a small literal context and fake ports: what it
// plans on the first node, decided by which password Admin accepts now.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/types.js';
import { AdminApiError } from '../../src/st/admin-types.js';
import { configureFirst } from '../../src/steps/configure-first.js';
import { checkContext, fakeNode, INSTALL_DIR } from '../checks/fake-node.js';

/** The first node's Admin, which accepts admin.password only when `password` says so (else only the initial one). */
function context(password: 'password' | 'initial'): RunContext {
  const refused = (): Promise<never> => Promise.reject(new AdminApiError(401, 'https://10.0.0.1:8444/api/v2.0/version', 'refused', 'fix'));
  const admin = (_node: unknown, login: 'password' | 'initial' = 'password') => ({ version: () => (login === password ? Promise.resolve('5.5.0') : refused()) });
  const { ctx } = checkContext({ n1: fakeNode('n1', 'files') }, { admin: admin as unknown as RunContext['admin'] });
  (ctx.answers.cluster as { tls: { enabled: boolean } }).tls.enabled = true;
  return ctx;
}

const planned = async (ctx: RunContext) =>
  (await configureFirst.plan(ctx, [ctx.nodes[0]!])).map((phase) => phase.map((a) => ({ kind: a.kind, node: a.node, summary: a.summary, url: a.detail.url, method: a.detail.method, path: a.detail.path })));

describe('configure-first', () => {
  it('on a fresh install: the licenses, then admin.password through PATCH /myself, then the TLS option', async () => {
    expect(await planned(context('initial'))).toEqual([
      [
        { kind: 'copy', node: 'n1', summary: 'license filedrive.license', path: `${INSTALL_DIR}/conf/filedrive.license`, url: undefined, method: undefined },
        { kind: 'copy', node: 'n1', summary: 'license st.license', path: `${INSTALL_DIR}/conf/st.license`, url: undefined, method: undefined },
      ],
      [{ kind: 'api', node: 'n1', summary: 'set admin.password (logged in with admin.initialPassword)', method: 'PATCH', url: 'https://10.0.0.1:8444/api/v2.0/myself', path: undefined }],
      [{ kind: 'api', node: 'n1', summary: 'set Cluster.enable.SSL = true', method: 'PUT', url: 'https://10.0.0.1:8444/api/v2.0/configurations/options', path: undefined }],
    ]);
  });

  it('when admin.password already logs in, no password change is planned', async () => {
    const phases = await planned(context('password'));
    expect(phases.flat().map((a) => a.summary)).toEqual(['license filedrive.license', 'license st.license', 'set Cluster.enable.SSL = true']);
  });
});
