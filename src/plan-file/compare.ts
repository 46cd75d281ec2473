// Premises then and now, fact by fact: apply refuses on any difference and names each
// one; a fact that cannot be read now is a difference too (a premise not proven does not hold).
import { canonicalJson, diffAnswersKeys } from '../answers/fingerprint.js';
import type { Answers } from '../answers/schema.js';
import type { Premises } from './format.js';

interface Fact {
  label: string;
  value: unknown;
}

const isUnread = (value: unknown): value is { couldNotLook: string } => typeof value === 'object' && value !== null && 'couldNotLook' in value;

function render(value: unknown): string {
  if (isUnread(value)) return `could not look (${value.couldNotLook})`;
  if (value === null || value === undefined) return 'absent';
  if (typeof value === 'string') return /^[0-9a-f]{64}$/.test(value) ? `sha256 ${value.slice(0, 12)}…` : value;
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : '(none)';
  if (typeof value === 'object' && 'state' in value) {
    const install = value as { state: string; version: string | null };
    return install.version ? `${install.state} ${install.version}` : install.state;
  }
  return canonicalJson(value);
}

/** Every premise as one labelled fact, in a stable order. */
export function premiseFacts(premises: Premises): Fact[] {
  const facts: Fact[] = [];
  for (const [source, sum] of Object.entries(premises.jumpHost.licenses)) facts.push({ label: `jump host: license ${source}`, value: sum });
  const db = premises.database;
  if (isUnread(db)) facts.push({ label: 'database', value: db });
  else facts.push({ label: 'database: SecureTransport schema', value: db.schema ? 'present' : 'absent' }, { label: 'database: CLUSTERNODE addresses', value: db.registered });
  for (const node of premises.nodes) {
    const at = `${node.name} (${node.address})`;
    facts.push({ label: `${at}: install`, value: node.install }, { label: `${at}: bin/taeh`, value: node.taeh });
    if (isUnread(node.licenses)) facts.push({ label: `${at}: licenses`, value: node.licenses });
    else for (const [target, sum] of Object.entries(node.licenses)) facts.push({ label: `${at}: license ${target}`, value: sum });
    facts.push({ label: `${at}: Admin`, value: node.admin }, { label: `${at}: TM`, value: node.tm });
  }
  return facts;
}

/** The premises that could not be read: a plan is not written on them. */
export function unreadPremises(premises: Premises): string[] {
  return premiseFacts(premises)
    .filter((f) => isUnread(f.value))
    .map((f) => `${f.label}: ${render(f.value)}`);
}

/** Each way the world of `now` differs from the plan's, in words; empty when every premise holds. */
export function premiseDifferences(plan: Premises, now: Premises): string[] {
  const out: string[] = [];
  if (plan.tool.version !== now.tool.version) out.push(`st-cluster version: the plan was made by ${plan.tool.version}, this is ${now.tool.version}`);
  if (plan.answers.fingerprint !== now.answers.fingerprint) {
    const keys = diffAnswersKeys(plan.answers.values as Answers, now.answers.values as Answers);
    if (keys.length === 0) out.push(`answers: the fingerprint differs (${plan.answers.fingerprint.slice(0, 12)}… in the plan, ${now.answers.fingerprint.slice(0, 12)}… now) though no recorded key does`);
    for (const key of keys) out.push(`answers key changed: ${key}`);
  }
  const before = new Map(premiseFacts(plan).map((f) => [f.label, f.value]));
  const after = new Map(premiseFacts(now).map((f) => [f.label, f.value]));
  for (const [label, value] of after) {
    if (isUnread(value)) out.push(`${label}: ${render(value)} now`);
    else if (!before.has(label)) out.push(`${label}: not in the plan, ${render(value)} now`);
    else if (canonicalJson(before.get(label)) !== canonicalJson(value)) out.push(`${label}: ${render(before.get(label))} at plan time, ${render(value)} now`);
  }
  for (const [label, value] of before) if (!after.has(label)) out.push(`${label}: ${render(value)} at plan time, not a premise now`);
  return out;
}
