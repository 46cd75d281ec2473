// cluster.account reaches an ssh node through sudo only where the login differs
// (issue 12 item 2); an explicit ssh.sudo is the operator's own choice and wins.
import { describe, expect, it } from 'vitest';
import { sshSettingsFor } from '../../src/adapters/index.js';
import type { NodeAnswers } from '../../src/answers/schema.js';

const node = (ssh?: NodeAnswers['ssh']): NodeAnswers => ({ name: 'n1', address: '10.0.0.1', adapter: 'ssh', ...(ssh ? { ssh } : {}) });

describe('sshSettingsFor', () => {
  it('adds sudo -u ACCOUNT when the login user is another', () => {
    expect(sshSettingsFor(node({ user: 'ops' }), 'axway', 'me')).toEqual({ user: 'ops', sudo: { user: 'axway' } });
    // No ssh.user: ssh logs in as the local user.
    expect(sshSettingsFor(node(), 'axway', 'me')).toEqual({ sudo: { user: 'axway' } });
  });
  it('adds nothing when the login is the account, when no account is set, or when ssh.sudo is given', () => {
    expect(sshSettingsFor(node({ user: 'axway' }), 'axway', 'me')).toEqual({ user: 'axway' });
    expect(sshSettingsFor(node(), 'axway', 'axway')).toEqual({});
    expect(sshSettingsFor(node({ user: 'ops' }), undefined, 'me')).toEqual({ user: 'ops' });
    expect(sshSettingsFor(node({ user: 'ops', sudo: true }), 'axway', 'me')).toEqual({ user: 'ops', sudo: true });
  });
});
