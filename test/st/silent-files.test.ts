import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dbPasswordProblems, escapeValue, parseProperties, REDACTED } from '../../src/st/installer-properties.js';
import { renderSilentFiles, type SilentInstallInput } from '../../src/st/silent-files.js';
import { AXWAY_INSTALLER_FILE, AXWAY_TEMPLATE, ST_SILENT_FILE, ST_TEMPLATE } from '../../src/lab/sim/media.js';

const PASSWORD = 'Pw-7_secret!:=#\\ ü';
const base: SilentInstallInput = {
  axwayTemplate: { name: AXWAY_INSTALLER_FILE, text: AXWAY_TEMPLATE },
  stTemplate: { name: ST_SILENT_FILE, text: ST_TEMPLATE },
  installDir: '/opt/Axway/SecureTransport',
  account: 'axway',
  nonRoot: true,
  db: { host: 'db.example.com', port: 5432, name: 'st', user: 'stuser', ssl: false },
  dbPassword: { reveal: () => PASSWORD },
  first: true,
  adminPort: 8444,
  extra: {},
};

describe('the Axway installer file', () => {
  it('keeps the template, sets the keys Axway sets, includes the SecureTransport file by name, drops License lines', () => {
    const text = renderSilentFiles(base).axway.text;
    const props = parseProperties(text);
    expect(props).toMatchObject({
      Component: 'Axway_Installer',
      InstallationLogicalName: 'SecureTransport',
      InstallDir: '/opt/Axway',
      AllAxwayComps32: 'false',
      AllAxwayComps64: 'true',
      IncludeFiles: '',
      'IncludeFiles.SecureTransport': ST_SILENT_FILE,
    });
    expect(Object.keys(props).filter((k) => k.startsWith('License'))).toEqual([]);
    expect(AXWAY_TEMPLATE).toMatch(/^License/m);
    // Replaced in place, not appended twice.
    expect(text.match(/^InstallDir\b/gm)).toHaveLength(1);
  });
});

describe('the SecureTransport file', () => {
  it('the first node: accepted conditions, a Server module, the account, new schema, new taeh, admin port', () => {
    const props = parseProperties(renderSilentFiles(base).secureTransport.text);
    expect(props).toMatchObject({
      Component: 'SecureTransport',
      'Component.ACCEPT_GENERAL_CONDITIONS': 'Yes',
      SecureTransport: 'true',
      Server: 'true',
      Edge: 'false',
      'Edge.ModuleType': 'NotInstalled',
      InstallDir: '/opt/Axway/SecureTransport',
      userName: 'axway',
      isNonRootInstall: 'true',
      dbType: 'usePostgreSQLExternal',
      postgreHost: 'db.example.com',
      postgrePort: '5432',
      postgreDatabaseName: 'st',
      postgreLoginName: 'stuser',
      postgrePassword: PASSWORD,
      postgreUseSecureConnection: 'false',
      externalDBUseSecureConnection: 'false',
      postgreUseExistingSchema: 'false',
      externalDBUseExistingSchema: 'false',
      SecretFilePath: '',
      sslAdminPort: '8444',
      tomcatShutdownPort: '8005',
      clusterNodeValue: '',
    });
    // The password is in clear, so its Format key is gone (IG silent-install-new).
    expect(props['postgrePassword.Format']).toBeUndefined();
    expect(props['SecretFilePath.Type']).toBeUndefined();
  });

  it('another node: existing schema, the copied taeh as a File, both ports empty, auto-register, extras, secure DB', () => {
    const rendered = renderSilentFiles({
      ...base,
      first: false,
      secretFilePath: '/opt/Axway/.st-cluster-c.node2/taeh',
      clusterNodeValue: '10.0.0.12',
      javaHome: '/opt/Axway/Java/jre11',
      db: { ...base.db, ssl: true, trustStore: '/etc/pki/st-db.jks' },
      extra: { 'Some.Extra': 'a=b', enableLogRotation: 'false' },
    });
    const props = parseProperties(rendered.secureTransport.text);
    expect(props).toMatchObject({
      postgreUseExistingSchema: 'true',
      externalDBUseExistingSchema: 'true',
      SecretFilePath: '/opt/Axway/.st-cluster-c.node2/taeh',
      'SecretFilePath.Type': 'File',
      sslAdminPort: '',
      tomcatShutdownPort: '',
      clusterNodeValue: '10.0.0.12',
      'Component.JavaHome': '/opt/Axway/Java/jre11',
      postgreUseSecureConnection: 'true',
      externalDBUseSecureConnection: 'true',
      postgreTrustStoreFilePath: '/etc/pki/st-db.jks',
      externalDBTrustStore: '/etc/pki/st-db.jks',
      'Some.Extra': 'a=b',
      enableLogRotation: 'false',
    });
    expect(rendered.secureTransport.text).toContain('Some.Extra = a\\=b\n');
  });

  it('a root install says so', () => {
    expect(parseProperties(renderSilentFiles({ ...base, account: 'root', nonRoot: false }).secureTransport.text).isNonRootInstall).toBe('false');
  });

  it('keeps the password out of the redacted text only', () => {
    const rendered = renderSilentFiles(base);
    expect(rendered.secureTransport.text).toContain(`postgrePassword = ${escapeValue(PASSWORD)}\n`);
    expect(rendered.secureTransportRedacted).not.toContain('Pw-7');
    expect(parseProperties(rendered.secureTransportRedacted).postgrePassword).toBe(REDACTED);
    const withoutPassword = (t: string): string => t.replace(/^postgrePassword = .*$/m, '');
    expect(withoutPassword(rendered.secureTransportRedacted)).toBe(withoutPassword(rendered.secureTransport.text));
    expect(rendered.axway.text).not.toContain('Pw-7');
  });

  it('refuses a non-first node without a taeh and extras that override managed keys', () => {
    expect(() => renderSilentFiles({ ...base, first: false })).toThrow(/secretFilePath/);
    expect(() => renderSilentFiles({ ...base, extra: { postgreHost: 'x' } })).toThrow(/installer\.properties\.postgreHost/);
    expect(() => renderSilentFiles({ ...base, extra: { userName: 'root' } })).toThrow(/installer\.properties\.userName/);
  });

  it('round-trips any password and extra value through render and parse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'binary' }), (key, value) => {
        const rendered = renderSilentFiles({ ...base, dbPassword: { reveal: () => value }, extra: { [`x.${key}`]: value } });
        const props = parseProperties(rendered.secureTransport.text);
        expect(props.postgrePassword).toBe(value);
        expect(props[`x.${key}`]).toBe(value);
      }),
    );
  });
});

describe('escaping and parseProperties', () => {
  it('escapes the documented characters', () => {
    expect(escapeValue('  a b')).toBe('\\  a b');
    expect(escapeValue('C:\\x=y#z!')).toBe('C\\:\\\\x\\=y\\#z\\!');
    expect(escapeValue('l1\nl2\té')).toBe('l1\\nl2\\t\\u00E9');
  });

  it('reads java.util.Properties syntax', () => {
    const text = ['# comment', '! also comment', '  key1 = value one ', 'key2:v2', 'key3 v3', 'multi = a\\', '    b\\', '  c', 'esc\\ key=\\u0041\\n', 'empty'].join('\n');
    expect(parseProperties(text)).toEqual({ key1: 'value one ', key2: 'v2', key3: 'v3', multi: 'abc', 'esc key': 'A\n', empty: '' });
  });
});

describe('dbPasswordProblems', () => {
  it('flags the characters ST refuses with PostgreSQL', () => {
    expect(dbPasswordProblems('plain-Pass_1')).toEqual([]);
    expect(dbPasswordProblems('a$b%c')[0]).toMatch(/"\$", "%"/);
    expect(dbPasswordProblems('a$b%c')[0]).not.toContain('a$b%c');
  });
});
