// The lab's installer media (docs/lab-contract.md "Installer"): the two silent-file
// templates Axway ships in Components/Configuration/ and Tools/SilentFileEditor,
// shaped as the ST 5.5 documentation's examples (IG silent-install-cluster-externaldb.md):
// component headers, module keys, empty DB keys with an encrypted-password `.Format`,
// and the `License…` lines Axway's sample deletes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const AXWAY_INSTALLER_FILE = 'Install_Axway_Installer_V4.10.13.properties';
export const ST_SILENT_FILE = 'Install_SecureTransport_V5.5.properties';

export const AXWAY_TEMPLATE = `Component = Axway_Installer
Component.ComponentType = ComponentPack
Component.Version = 4.10.13
Component.LongName = Axway
IntegrationDir = Axway_Installer_V4.10.13
IntegrationDir.Type = Directory
InstallMode = Standard
InstMode = Install
LicenseAgreement = false
LicenseAgreement.Type = Boolean
LicenseFile =
InstallDir = /root/Axway/
InstallationLogicalName = SecureTransport1
AllAxwayComps32 = false
AllAxwayComps64 = true
IncludeFiles =
`;

export const ST_TEMPLATE = `Component = SecureTransport
Component.SupportedOS = aix-power-64;linux-x86-64;win-x86-64
Component.Parent = Axway_Installer
Component.Version = 5.5
Component.RootUser = Indifferent
Component.ComponentType = ComponentPack
Component.LongName = Axway SecureTransport
Component.JavaHome = /root/Axway/Java/linux-x86/jre11_u11.0.12_7_64
Component.ACCEPT_GENERAL_CONDITIONS = No
IntegrationDir = SecureTransport_V5.5
IntegrationDir.Type = Directory
SelectedBitArchitecture = 64
InstMode = Install
SecureTransport = true
SecureTransport.Type = Module
SecureTransport.ModuleType = Installed
Server = true
Server.Type = Module
Server.ModuleType = Installed
Edge = true
Edge.Type = Module
Edge.ModuleType = Installed
ServerDocker = false
ServerDocker.ModuleType = NotInstalled
EdgeDocker = false
EdgeDocker.ModuleType = NotInstalled
InstallDir = /root/Axway/SecureTransport/
userName = root
isNonRootInstall = false
sslAdminPort = 444
sslAdminPort.Type = Integer
tomcatShutdownPort = 8005
tomcatShutdownPort.Type = Integer
enableLogRotation = true
dbType = useDBLocal
postgreHost =
postgreHost.Type = HostName
postgrePort = 5432
postgrePort.Type = Integer
postgreLoginName =
postgreDatabaseName =
postgrePassword =
postgrePassword.Format = DefenceV1
postgreUseSecureConnection = true
postgreTrustStoreFilePath =
externalDBTrustStore =
externalDBUseSecureConnection = true
postgreUseExistingSchema = false
externalDBUseExistingSchema = false
SecretFilePath =
clusterNodeValue =
`;

/** Encrypts as the lab's installer reads it back (`{lab-aes}` + base64): a stand-in for DefenceV1. */
export const LAB_ENCRYPTED_PREFIX = '{lab-aes}';

// The real tool takes the value on its command line too (IG silent-install-new); st-cluster never calls it.
const SILENT_FILE_EDITOR = (simEntry: string, nodeExec: string): string => `#!/bin/sh
# Axway SilentFileEditor (lab stand-in): SilentFileEditor.sh FILE KEY VALUE -c|-u [KEY VALUE -c|-u …]
exec '${nodeExec}' '${simEntry}' silent-file-editor / "$@"
`;

export function writeMedia(mediaDir: string, simEntry: string, nodeExec: string): void {
  const configuration = path.join(mediaDir, 'Components', 'Configuration');
  mkdirSync(configuration, { recursive: true });
  writeFileSync(path.join(configuration, AXWAY_INSTALLER_FILE), AXWAY_TEMPLATE);
  writeFileSync(path.join(configuration, ST_SILENT_FILE), ST_TEMPLATE);
  const editor = path.join(mediaDir, 'Tools', 'SilentFileEditor');
  mkdirSync(editor, { recursive: true });
  writeFileSync(path.join(editor, 'SilentFileEditor.sh'), SILENT_FILE_EDITOR(simEntry, nodeExec), { mode: 0o755 });
}
