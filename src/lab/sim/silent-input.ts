// What the lab's setup.sh refuses before it installs anything, as the real
// installer does (docs/st-facts.md "Silent installer", column "lab enforces"):
// the -s file must be the Axway installer file, which includes the SecureTransport
// file by name beside it; a Server install with the conditions accepted; run by the
// account it names, with umask 022; the DB password in clear only without `.Format`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseProperties } from '../../st/properties-parser.js';
import { LAB_ENCRYPTED_PREFIX } from './media.js';
import { inputPath } from './node-context.js';

export class InstallError extends Error {}

export interface SilentInput {
  /** The SecureTransport file's keys, the password decrypted. */
  props: Record<string, string>;
  /** The Axway home (the installer file's InstallDir), as the node names it. */
  axwayHome: string;
  stFile: string;
}

const flag = (props: Record<string, string>, key: string): boolean | undefined => {
  const value = props[key]?.trim().toLowerCase();
  return value === undefined || value === '' ? undefined : value === 'true' || value === 'yes';
};

export function readSilentInput(root: string, args: string[]): SilentInput {
  const at = args.indexOf('-s');
  const given = at >= 0 ? args[at + 1] : undefined;
  if (!given) throw new InstallError('usage: setup.sh -s <the absolute path to the Installer silent file Install_Axway_Installer_<version>.properties>');
  const installerFile = inputPath(root, given);
  if (!existsSync(installerFile)) throw new InstallError(`silent file ${given} not found`);
  const axway = parseProperties(readFileSync(installerFile, 'utf8'));
  if (axway.Component !== 'Axway_Installer') {
    throw new InstallError(`${given} is not an Axway installer silent file (no "Component = Axway_Installer"): give setup.sh -s the Install_Axway_Installer_<version>.properties from Components/Configuration, which includes the SecureTransport file`);
  }
  const include = axway['IncludeFiles.SecureTransport']?.trim();
  if (!include) throw new InstallError(`${given}: IncludeFiles.SecureTransport is not set: name the SecureTransport silent file (Install_SecureTransport_V5.5.properties) there`);
  const stFile = path.isAbsolute(include) ? inputPath(root, include) : path.join(path.dirname(installerFile), include);
  if (!existsSync(stFile)) throw new InstallError(`${given}: the included SecureTransport file ${include} is not found beside it`);
  const props = parseProperties(readFileSync(stFile, 'utf8'));
  if (props.Component !== 'SecureTransport') throw new InstallError(`${include} is not a SecureTransport silent file (no "Component = SecureTransport")`);
  if (props['Component.ACCEPT_GENERAL_CONDITIONS']?.trim() !== 'Yes') {
    throw new InstallError(`${include}: Component.ACCEPT_GENERAL_CONDITIONS is "${props['Component.ACCEPT_GENERAL_CONDITIONS'] ?? ''}": the general conditions must be accepted (Yes) for a silent install`);
  }
  const modules = { SecureTransport: flag(props, 'SecureTransport'), Server: flag(props, 'Server'), Edge: flag(props, 'Edge') };
  if (modules.SecureTransport !== true || modules.Server !== true || modules.Edge !== false) {
    throw new InstallError(`${include}: a SecureTransport Server install needs SecureTransport = true, Server = true, Edge = false (found ${Object.entries(modules).map(([k, v]) => `${k} = ${v ?? 'unset'}`).join(', ')})`);
  }
  checkAccount(include, props);
  const mask = process.umask();
  if (mask !== 0o022) throw new InstallError(`the installer runs with umask ${mask.toString(8).padStart(4, '0')}: SecureTransport must be installed with umask 022`);
  const temp = process.env.TEMPORARY_DIR;
  if (temp !== undefined && !(existsSync(inputPath(root, temp)) && statSync(inputPath(root, temp)).isDirectory())) {
    throw new InstallError(`TEMPORARY_DIR ${temp} is not a directory: the installer unpacks there`);
  }
  const axwayHome = axway.InstallDir?.trim();
  if (!axwayHome) throw new InstallError(`${given}: InstallDir (the Axway home) is required`);
  return { props: { ...props, postgrePassword: password(include, props) }, axwayHome, stFile };
}

function checkAccount(include: string, props: Record<string, string>): void {
  const me = userInfo();
  const userName = props.userName?.trim() ?? '';
  if (userName !== me.username) {
    throw new InstallError(`${include}: userName is "${userName}" but the installer runs as ${me.username}: run it as the account that will run SecureTransport, or set userName to it`);
  }
  const nonRoot = flag(props, 'isNonRootInstall') ?? false;
  if (nonRoot && me.uid === 0) throw new InstallError(`${include}: isNonRootInstall = true but the installer runs as root: run a non-root install as its own account`);
  if (!nonRoot && me.uid !== 0) throw new InstallError(`${include}: isNonRootInstall = false (a root install) but the installer runs as ${me.username}: run it as root or set isNonRootInstall = true`);
}

function password(include: string, props: Record<string, string>): string {
  const value = props.postgrePassword ?? '';
  if (props['postgrePassword.Format'] === undefined) return value;
  if (!value.startsWith(LAB_ENCRYPTED_PREFIX)) {
    throw new InstallError(`${include}: postgrePassword.Format = ${props['postgrePassword.Format']} but postgrePassword is not encrypted: encrypt it with Tools/SilentFileEditor/SilentFileEditor.sh … -c, or delete the postgrePassword.Format line to give it in clear`);
  }
  return Buffer.from(value.slice(LAB_ENCRYPTED_PREFIX.length), 'base64').toString('utf8');
}
