// Check results as JUnit XML (issue 16 "Results CI systems read"): one
// <testsuite> per step, one <testcase> per check and node, so Jenkins, GitLab
// and other CI systems show preflight results natively. The shape is the common
// denominator they all read (Ant/Surefire): testsuites > testsuite > testcase
// with at most one of failure | error | skipped, and counts that add up.
import type { EventSink, RunEvent } from '../engine/events.js';

type CheckEvent = Extract<RunEvent, { type: 'check' }>;
type ResultEvent = Extract<RunEvent, { type: 'result' }>;

interface Suite {
  name: string;
  cases: CheckEvent[];
}

// XML 1.0 cannot carry most control characters at all, even escaped: tab, LF and CR only.
const allowed = (code: number): boolean => code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string): string => [...text].map((c) => (allowed(c.codePointAt(0)!) ? (ENTITY[c] ?? c) : '?')).join('');

export class JunitSink implements EventSink {
  private readonly suites = new Map<string, Suite>();
  private run: Extract<RunEvent, { type: 'run' }> | undefined;
  private result: ResultEvent | undefined;

  emit(event: RunEvent): void {
    if (event.type === 'run') this.run = event;
    else if (event.type === 'result') this.result = event;
    else if (event.type === 'step' && !this.suites.has(event.step)) this.suites.set(event.step, { name: `${event.number} ${event.step}: ${event.title}`, cases: [] });
    else if (event.type === 'check') {
      const suite = this.suites.get(event.step) ?? { name: event.step, cases: [] };
      this.suites.set(event.step, suite);
      suite.cases.push(event);
    }
  }

  /** The document; call after the result event. */
  render(): string {
    const suites = [...this.suites.entries()].filter(([, s]) => s.cases.length > 0).map(([step, s]) => this.suite(step, s));
    // A run that ended before any check could run (bad answers, a held lock) is one error case, not an empty green report.
    const result = this.result;
    if (result && result.status !== 'ok' && suites.every((s) => !s.bad)) {
      suites.push({
        bad: true,
        counts: { tests: 1, failures: 0, errors: 1, skipped: 0 },
        text: `  <testsuite name="st-cluster run" tests="1" failures="0" errors="1" skipped="0" time="0">\n    <testcase classname="st-cluster.run" name="${xml(this.run?.command ?? 'run')}" time="0">\n      <error type="${xml(result.status)}" message="${xml(result.message ?? '')}">${xml(`exit ${result.exitCode}: ${result.message ?? ''}`)}</error>\n    </testcase>\n  </testsuite>`,
      });
    }
    const total = suites.reduce((sum, s) => ({ tests: sum.tests + s.counts.tests, failures: sum.failures + s.counts.failures, errors: sum.errors + s.counts.errors, skipped: sum.skipped + s.counts.skipped }), { tests: 0, failures: 0, errors: 0, skipped: 0 });
    const name = `st-cluster ${this.run?.command ?? ''} ${this.run?.cluster ?? ''}`.trim();
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">\n${suites.map((s) => s.text).join('\n')}\n</testsuites>\n`;
  }

  private suite(step: string, suite: Suite): { text: string; bad: boolean; counts: { tests: number; failures: number; errors: number; skipped: number } } {
    const counts = { tests: suite.cases.length, failures: suite.cases.filter((c) => c.status === 'fail').length, errors: 0, skipped: suite.cases.filter((c) => c.status === 'skip').length };
    const cases = suite.cases.map((c) => {
      const name = c.node ? `${c.id} @ ${c.node}` : c.id;
      const props = [['check', c.id], ['node', c.node ?? ''], ['status', c.status], ...(c.acceptedRisk !== undefined ? [['acceptedRisk', c.acceptedRisk]] : [])];
      const properties = `\n      <properties>${props.map(([k, v]) => `<property name="${xml(k!)}" value="${xml(v!)}"/>`).join('')}</properties>`;
      const body =
        c.status === 'fail' ? `\n      <failure type="${xml(c.id)}" message="${xml(c.detail)}">${xml(`${c.detail}${c.fix ? `\nfix: ${c.fix}` : ''}`)}</failure>`
        : c.status === 'skip' ? `\n      <skipped message="${xml(c.detail)}"/>`
        : '';
      const out = c.status === 'warn' ? `\n      <system-out>${xml(`warning: ${c.detail}${c.acceptedRisk ? `\naccepted risk: ${c.acceptedRisk}` : ''}${c.fix ? `\nfix: ${c.fix}` : ''}`)}</system-out>` : '';
      return `    <testcase classname="st-cluster.${xml(step)}" name="${xml(name)}" time="0">${properties}${body}${out}\n    </testcase>`;
    });
    return {
      bad: counts.failures > 0,
      counts,
      text: `  <testsuite name="${xml(suite.name)}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    };
  }
}
