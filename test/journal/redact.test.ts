import { describe, expect, it } from 'vitest';
import { Redactor, REDACTED } from '../../src/journal/redact.js';

describe('Redactor: connection strings and password key/values', () => {
  const r = new Redactor();

  it('masks the password of a URL with userinfo, whatever the scheme, known or not', () => {
    expect(r.text('connect postgres://st:Hunter2x@db.example:5432/st failed')).toBe(`connect postgres://st:${REDACTED}@db.example:5432/st failed`);
    expect(r.text('postgresql://st:p%40ss@db/st and https://admin:Adm1n!@node1:8444/api')).toBe(`postgresql://st:${REDACTED}@db/st and https://admin:${REDACTED}@node1:8444/api`);
    expect(r.text('jdbc:postgresql://u:pw@h/d')).toBe(`jdbc:postgresql://u:${REDACTED}@h/d`);
  });

  it('leaves URLs without a password alone: a user only, a port, an @ in the path', () => {
    for (const text of ['postgres://st@db:5432/st', 'https://node1:8444/api/v2.0/clusters/nodes', 'https://node1:8444/x@y', 'http://host/p?q=a:b@c']) {
      expect(r.text(text)).toBe(text);
    }
  });

  it('masks password=… values (libpq, properties, flags) but not "password:" as error texts name a key', () => {
    expect(r.text('host=db password=S3cret user=st')).toBe(`host=db password=${REDACTED} user=st`);
    expect(r.text('  postgrePassword=S3cret\n  postgreLoginName=st')).toBe(`  postgrePassword=${REDACTED}\n  postgreLoginName=st`);
    expect(r.text('--db-password = S3cret')).toBe(`--db-password = ${REDACTED}`);
    expect(r.text('database.password: the file is empty')).toBe('database.password: the file is empty');
    expect(r.text('SecretFilePath=/opt/st/bin/taeh postgreUseExistingSchema=true')).toBe('SecretFilePath=/opt/st/bin/taeh postgreUseExistingSchema=true');
    expect(r.text('PWD=/opt/st OLDPWD=/root')).toBe('PWD=/opt/st OLDPWD=/root');
  });

  it('masks a known secret first, wherever it is, then the patterns', () => {
    const known = new Redactor().add('Canary-xyz');
    expect(known.text('login as st with Canary-xyz; url postgres://st:Canary-xyz@db/st')).toBe(`login as st with ${REDACTED}; url postgres://st:${REDACTED}@db/st`);
  });

  it('redacts every string of a nested event, leaving keys, numbers and booleans as they are', () => {
    const known = new Redactor().add('Canary-xyz');
    const event = {
      type: 'action',
      status: 'failed',
      error: 'setup.sh exited 1: postgrePassword=Canary-xyz',
      stderr: 'Installation failed: no\n  postgrePassword=Canary-xyz\n',
      detail: { argv: ['/opt/media/setup.sh', '-s', '/tmp/p'], nested: [{ deep: ['x Canary-xyz y'] }], n: 3, ok: true },
    };
    const out = known.value(event);
    expect(JSON.stringify(out)).not.toContain('Canary-xyz');
    expect(out.detail.nested[0]!.deep[0]).toBe(`x ${REDACTED} y`);
    expect(out.detail.argv).toEqual(event.detail.argv);
    expect(out.detail.n).toBe(3);
    expect(out.detail.ok).toBe(true);
    expect(event.stderr).toContain('Canary-xyz');
  });

  it('copies an object met twice, and cuts only a true cycle', () => {
    const argv = ['a', 'Canary-xyz'];
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const out = new Redactor().add('Canary-xyz').value({ one: argv, two: argv, loop });
    expect(out.one).toEqual(['a', REDACTED]);
    expect(out.two).toEqual(['a', REDACTED]);
    expect(out.loop).toEqual({ name: 'loop', self: '[circular]' });
  });
});
