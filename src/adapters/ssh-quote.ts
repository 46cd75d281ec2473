// The remote side of ssh always hands the command to the login shell as one
// string ("$SHELL -c STRING"), so argv must be quoted for a POSIX shell. This is
// the only place that does it; test/adapters/ssh-quote.test.ts fuzzes it.

const SAFE = /^[A-Za-z0-9_/.,:@%+-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One word for a POSIX shell: single quotes, with each ' written as '\'' . */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a NUL byte cannot travel in a command argument');
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface RemoteCommandOptions {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Remote coreutils "timeout": killing the local ssh client does not stop a remote command. */
  timeoutMs?: number;
  /** Prefix such as ["sudo", "-n", "-u", "stuser", "--"]. */
  sudo?: readonly string[];
}

/** The one string the remote shell runs: cd, then exec [sudo] [env K=V…] argv. */
export function remoteCommand(argv: readonly string[], options: RemoteCommandOptions = {}): string {
  if (argv.length === 0) throw new Error('exec needs a non-empty argv');
  const words: string[] = options.timeoutMs === undefined ? [] : ['timeout', '-k', '2', `${Math.max(options.timeoutMs, 1) / 1000}`];
  words.push(...(options.sudo ?? []));
  const env = Object.entries(options.env ?? {});
  if (env.length > 0) {
    const bad = env.find(([name]) => !ENV_NAME.test(name));
    if (bad) throw new Error(`environment variable name ${JSON.stringify(bad[0])} is not valid`);
    // "env" also carries the variables through sudo, which resets the environment.
    words.push('env', ...env.map(([name, value]) => `${name}=${value}`));
  }
  words.push(...argv);
  const command = `exec ${words.map(shellQuote).join(' ')}`;
  return options.cwd === undefined ? command : `cd ${shellQuote(options.cwd)} && ${command}`;
}

/** sudo prefix for the node's "sudo" setting: true = root, {user} = that user. */
export function sudoPrefix(setting: boolean | { user: string } | undefined): string[] | undefined {
  if (!setting) return undefined;
  return setting === true ? ['sudo', '-n', '--'] : ['sudo', '-n', '-u', setting.user, '--'];
}
