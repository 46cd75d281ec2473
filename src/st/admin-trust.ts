// Which certificate each node's Admin client trusts (README "Admin certificate trust"):
// admin.tls.pin when given; else admin.caFile (a CA); else "what the node itself
// presents" — read on the node through its adapter (the verified ssh session), pinned
// for the run and journaled. A fresh install has a temporary self-issued certificate
// (ST-FACTS.md "Admin after a fresh install"), so no CA can exist before step 2.
import type { NodeAdapter } from '../adapters/types.js';
import type { Answers } from '../answers/schema.js';
import { normalizePin, pinFromOpensslOutput, presentedCertCommand, type AdminPin } from './admin-pin.js';
import { AdminApiError } from './admin-types.js';

export interface PinnedNode {
  name: string;
  address: string;
}

export interface AdminTrustOptions {
  answers: Pick<Answers, 'admin'>;
  adapter(node: PinnedNode): NodeAdapter;
  /** A pin read on a node: journaled (fingerprints are not secret). */
  onPinned(node: PinnedNode, pin: AdminPin): void;
}

export type PinSource = (() => Promise<AdminPin | undefined>) | undefined;

const READ_TIMEOUT_MS = 30_000;

async function readPresented(adapter: NodeAdapter, node: PinnedNode, port: number): Promise<AdminPin> {
  const url = `https://${node.address}:${port}`;
  const result = await adapter.exec(presentedCertCommand(node.address, port), { kind: 'read', timeoutMs: READ_TIMEOUT_MS });
  const pin = pinFromOpensslOutput(result.stdout);
  if (pin) return { pin, source: `read on ${node.name} itself` };
  if (result.exitCode === 127) {
    throw new AdminApiError('tls', url, `Cannot read the Admin certificate on ${node.name}: the openssl command is not installed there`, `Install openssl on ${node.name} (RHEL: dnf install openssl; SLES: zypper install openssl), or set admin.tls.pin or admin.caFile in the answers file.`);
  }
  // Admin not listening yet: a wait retries, as it would for a port that is not open.
  throw new AdminApiError('unreachable', url, `Admin on ${node.name} (${node.address}:${port}) is unreachable even from the node itself: no certificate to pin (openssl s_client exit ${result.exitCode})`, `Is Admin running on ${node.name}, listening on ${node.address}:${port}? See tomcat/admin/logs/catalina.out there.`);
}

/** A per-run pin source for each node; undefined where a CA (admin.caFile) is what is trusted. */
export function adminTrust(options: AdminTrustOptions): (node: PinnedNode) => PinSource {
  const { admin } = options.answers;
  const learned = new Map<string, Promise<AdminPin>>();
  return (node) => {
    const given = typeof admin.tls.pin === 'string' ? admin.tls.pin : admin.tls.pin?.[node.name];
    if (given !== undefined) {
      const pin = { pin: normalizePin(given), source: 'admin.tls.pin' };
      return () => Promise.resolve(pin);
    }
    if (admin.caFile !== undefined) return undefined;
    return () => {
      let pending = learned.get(node.name);
      if (!pending) {
        pending = readPresented(options.adapter(node), node, admin.port).then((pin) => {
          options.onPinned(node, pin);
          return pin;
        });
        learned.set(node.name, pending);
        // Not yet installed or not yet listening: the next call reads again.
        pending.catch(() => learned.delete(node.name));
      }
      return pending;
    };
  };
}
