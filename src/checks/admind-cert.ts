// st.admind-cert: the inter-node TLS certificate (alias `admind`, docs/st-facts.md
// "Admin REST API") exists on the node and is not about to expire. A warning:
// an expiring certificate never stops a run, but the operator must hear of it.
import type { NodeCheck } from '../engine/types.js';
import { AdminApiError, type AdminCertificate } from '../st/admin-types.js';
import { fail, pass, skip } from './result.js';

export const ADMIND_ALIAS = 'admind';
const DAY_MS = 86_400_000;

export interface AdmindCertFacts {
  present: boolean;
  /** ISO date, or null when the server does not say. */
  notAfter: string | null;
  /** Whole days from now to notAfter (negative once expired), or null. */
  daysLeft: number | null;
}

/** What the local certificate listing says about `admind`, judged at `now`. */
export function admindCertFacts(certificates: readonly AdminCertificate[], now: number): AdmindCertFacts {
  const cert = certificates.find((c) => c.alias === ADMIND_ALIAS);
  if (!cert) return { present: false, notAfter: null, daysLeft: null };
  const expires = cert.notAfter ? Date.parse(cert.notAfter) : Number.NaN;
  if (Number.isNaN(expires)) return { present: true, notAfter: null, daysLeft: null };
  return { present: true, notAfter: new Date(expires).toISOString(), daysLeft: Math.floor((expires - now) / DAY_MS) };
}

export const stAdmindCert: NodeCheck = {
  id: 'st.admind-cert',
  title: 'admind certificate present and not expiring within cluster.tls.minDaysLeft',
  severity: 'warning',
  scope: 'node',
  async run(ctx, node) {
    const { enabled, minDaysLeft } = ctx.answers.cluster.tls;
    if (!enabled) return skip('cluster.tls.enabled is false; nodes talk without TLS');
    let certificates: AdminCertificate[];
    try {
      certificates = await ctx.admin(node).localCertificates();
    } catch (error) {
      // Admin down or not operational is what st.online / st.admin-ready report; this check only judges a certificate it can see.
      const silent = error instanceof AdminApiError && (error.status === 503 || error.status === 'unreachable' || error.status === 'timeout');
      if (silent) return skip(`not checked: Admin does not answer (${error.message})`);
      throw error;
    }
    const facts = admindCertFacts(certificates, ctx.clock.now());
    const where = 'the Admin Tool (Certificates > Local Certificates)';
    if (!facts.present) {
      return fail(`no local certificate with alias ${ADMIND_ALIAS}`, `Create or import the ${ADMIND_ALIAS} certificate on ${node.name} in ${where}, then restart the node.`);
    }
    if (facts.daysLeft === null) return pass(`${ADMIND_ALIAS} present (the server gives no expiry date)`);
    const date = facts.notAfter!.slice(0, 10);
    if (facts.daysLeft < 0) return fail(`${ADMIND_ALIAS} expired on ${date}`, `Renew the ${ADMIND_ALIAS} certificate on ${node.name} in ${where}; nodes cannot talk over TLS until then.`);
    if (facts.daysLeft < minDaysLeft) {
      return fail(`${ADMIND_ALIAS} expires on ${date} (${facts.daysLeft} days left, fewer than ${minDaysLeft})`, `Renew the ${ADMIND_ALIAS} certificate on ${node.name} in ${where} before ${date}.`);
    }
    return pass(`${ADMIND_ALIAS} expires on ${date} (${facts.daysLeft} days left)`);
  },
};
