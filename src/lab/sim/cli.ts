// Entry of every simulated node script (setup.sh, bin/*) and of the Admin
// process. The scripts bake the node root (and FILEDRIVEHOME) in as arguments.
import { Home, SERVICES, type Service } from './node-context.js';

// `--as <script>` only names the script that started us (for `ps`, see writeSimScript).
const args = process.argv.slice(2);
const [command, root, ...rest] = args[0] === '--as' ? args.slice(2) : args;

async function main(): Promise<number> {
  if (!root) {
    console.error('usage: cli.js install|service|admin <node root> …');
    return 2;
  }
  if (command === 'install') {
    const { install, InstallError } = await import('./installer.js');
    try {
      await install(root, rest, (line) => console.log(line));
      return 0;
    } catch (error) {
      console.error(`Installation failed: ${error instanceof InstallError ? error.message : String(error)}`);
      return 1;
    }
  }
  if (command === 'silent-file-editor') {
    const { editSilentFile } = await import('./silent-file-editor.js');
    return editSilentFile(rest);
  }
  if (command === 'admin') {
    const { runAdmin } = await import('./admin-server.js');
    await runAdmin(root, rest[0]!);
    return -1;
  }
  if (command === 'service') {
    const [homeDir, action, service, ...flags] = rest;
    if (!homeDir || !service || (service !== 'all' && !SERVICES.includes(service as Service))) {
      console.error(`unknown service ${service ?? ''}`);
      return 2;
    }
    const services = await import('./services.js');
    const home = new Home(root, homeDir);
    const target = service as Service | 'all';
    const result =
      action === 'start' ? await services.start(home, target)
      : action === 'stop' ? await services.stop(home, target, flags.includes('-f'))
      : action === 'status' ? services.status(home, target)
      : { ok: false, out: [], err: [`unknown action ${action ?? ''}`] };
    result.out.forEach((line) => console.log(line));
    result.err.forEach((line) => console.error(line));
    return result.ok ? 0 : 1;
  }
  console.error(`unknown command ${command ?? ''}`);
  return 2;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
