// The lab CA and each node's `admind` certificate, made with the openssl CLI.
// EC keys: RSA generation would cost ~100 ms per node on a 32-node lab.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim()} (is the openssl CLI installed?)`, { cause: error });
  }
}

export const caFiles = (caDir: string): { cert: string; key: string } => ({ cert: path.join(caDir, 'ca.pem'), key: path.join(caDir, 'ca.key') });

export function createCa(caDir: string, name: string): void {
  mkdirSync(caDir, { recursive: true });
  const { cert, key } = caFiles(caDir);
  openssl(['req', '-x509', ...EC_KEY, '-keyout', key, '-out', cert, '-days', '3650', '-subj', `/CN=st-cluster lab CA (${name})`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  chmodSync(key, 0o600);
}

/** Issues the node's admind certificate (SAN IP = node address) into outDir/admind.{pem,key}. */
export function issueAdmindCert(caDir: string, outDir: string, address: string, hostName: string): { cert: string; key: string } {
  mkdirSync(outDir, { recursive: true });
  const ca = caFiles(caDir);
  const cert = path.join(outDir, 'admind.pem');
  const key = path.join(outDir, 'admind.key');
  openssl(['req', '-x509', '-CA', ca.cert, '-CAkey', ca.key, ...EC_KEY, '-keyout', key, '-out', cert, '-days', '825',
    '-subj', `/CN=${address}/O=st-cluster lab/OU=admind`, '-addext', `subjectAltName=IP:${address},DNS:${hostName}`,
    '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth,clientAuth']);
  chmodSync(key, 0o600);
  return { cert, key };
}

export function describeCert(certFile: string): { subject: string; notAfter: string } {
  const x509 = new X509Certificate(readFileSync(certFile));
  return { subject: x509.subject.replace(/\n/g, ', '), notAfter: new Date(x509.validTo).toISOString() };
}
