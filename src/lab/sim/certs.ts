// Each node's `admind` certificate, made with the openssl CLI: self-issued per node by
// default, as a fresh install's (ST-FACTS.md "Admin after a fresh install"), or signed
// by the lab CA (lab up --lab-ca).
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

/** Issues the node's admind certificate (SAN IP = node address) into outDir/admind.{pem,key}; self-issued without a CA. */
export function issueAdmindCert(caDir: string | null, outDir: string, address: string, hostName: string): { cert: string; key: string } {
  mkdirSync(outDir, { recursive: true });
  const signer = caDir ? ['-CA', caFiles(caDir).cert, '-CAkey', caFiles(caDir).key] : [];
  const cert = path.join(outDir, 'admind.pem');
  const key = path.join(outDir, 'admind.key');
  openssl(['req', '-x509', ...signer, ...EC_KEY, '-keyout', key, '-out', cert, '-days', '825',
    '-subj', `/CN=${address}/O=st-cluster lab/OU=admind${caDir ? '' : ' (self-issued)'}`, '-addext', `subjectAltName=IP:${address},DNS:${hostName}`,
    '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth,clientAuth']);
  chmodSync(key, 0o600);
  return { cert, key };
}

/** What GET /certificates says of it: the subject and expirationTime in milliseconds (ST-FACTS.md). */
export function describeCert(certFile: string): { subject: string; expirationTime: number } {
  const x509 = new X509Certificate(readFileSync(certFile));
  return { subject: x509.subject.replace(/\n/g, ', '), expirationTime: new Date(x509.validTo).getTime() };
}
