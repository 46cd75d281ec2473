// The hosts lab's two accounts, as production has them: an operator that logs in
// over ssh with a key only, and the SecureTransport account (non-root) that owns
// and runs the install (Axway's sample automation installs as a non-root user:
// MFT-ST-Automation-Ansible roles/st_install). The operator may run commands as
// the ST account through `sudo -n` without a password, and nothing else.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { must, run } from './run.js';

export interface LabAccounts {
  operator: string;
  stAccount: string;
  sudoersFile: string;
}

export const labAccounts = (id: string): LabAccounts => ({
  operator: `stlab-${id}-op`,
  stAccount: `stlab-${id}-st`,
  sudoersFile: `/etc/sudoers.d/st-lab-${id}`,
});

export const accountIds = (name: string): { uid: number; gid: number } | null => {
  const entry = run('getent', ['passwd', name]);
  if (!entry.ok) return null;
  const fields = entry.out.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
};

/** Both accounts (homes under /home, which every node has privately) and the sudoers rule. */
export function createAccounts(accounts: LabAccounts): { operator: { uid: number; gid: number }; st: { uid: number; gid: number } } {
  for (const name of [accounts.stAccount, accounts.operator]) {
    if (accountIds(name)) throw new Error(`account ${name} already exists: another lab with the same directory hash is up, or a lab was not taken down (userdel -r ${name})`);
    // The operator is in the ST account's group: the shared FS (group-writable) takes the checks' sentinel files it writes.
    const group = name === accounts.operator ? ['-G', accounts.stAccount] : [];
    // "*" (not "!"): no password works, yet the account is not locked, so sshd without PAM accepts its key.
    must('useradd', ['-M', '-d', `/home/${name}`, '-s', '/bin/bash', '-p', '*', '-U', ...group, name], `cannot create the lab account ${name}`);
  }
  const rule = `# st-cluster hosts lab: the operator runs commands as the SecureTransport account, no password\n${accounts.operator} ALL=(${accounts.stAccount}) NOPASSWD: ALL\n`;
  const draft = `${accounts.sudoersFile}.tmp`;
  writeFileSync(draft, rule, { mode: 0o440 });
  const valid = run('visudo', ['-c', '-q', '-f', draft]);
  if (!valid.ok) {
    rmSync(draft, { force: true });
    throw new Error(`the lab's sudoers rule does not validate (visudo -c): ${valid.out}`);
  }
  must('mv', [draft, accounts.sudoersFile], `cannot install ${accounts.sudoersFile}`);
  return { operator: accountIds(accounts.operator)!, st: accountIds(accounts.stAccount)! };
}

/** Removes what exists of the accounts and the sudoers rule. Returns what failed. */
export function removeAccounts(accounts: LabAccounts): string[] {
  rmSync(accounts.sudoersFile, { force: true });
  rmSync(`${accounts.sudoersFile}.tmp`, { force: true });
  const left: string[] = [];
  for (const name of [accounts.operator, accounts.stAccount]) {
    if (!accountIds(name)) continue;
    const del = run('userdel', [name]);
    if (!del.ok && accountIds(name)) left.push(`account ${name}: ${del.out}`);
    if (run('getent', ['group', name]).ok) run('groupdel', [name]);
  }
  if (existsSync(accounts.sudoersFile)) left.push(accounts.sudoersFile);
  return left;
}
