// The wizard's failed-check menu shows check details on the screen and in the
// prompt library's choices: both pass the run's redactor.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it, vi } from 'vitest';
import type { FailedCheckView, StepInRun } from '../../src/engine/types.js';
import { Redactor, REDACTED } from '../../src/journal/redact.js';
import { createOperator } from '../../src/ui/operator.js';
import { InquirerPrompter } from '../../src/ui/prompter.js';
import { pick, waitFor } from './screen-helpers.js';

const step: StepInRun = { id: 'prepare', number: 1, title: 'Prepare the nodes' };
const failures: FailedCheckView[] = [
  { id: 'db.reachable-from-node', node: 'node2', detail: 'psql postgres://st:Canary-menu-1@db/st: refused', fix: 'open the port; the password Canary-menu-1 is fine' },
  { id: 'node.clock-skew', node: null, detail: 'clocks differ by 9 s (Canary-menu-1)', fix: 'enable NTP on every node' },
];

describe('failed-check menu output', () => {
  it('masks a known secret and URL passwords in the details, the fixes and the choices', async () => {
    const out: string[] = [];
    const op = createOperator(new InquirerPrompter(), { write: (t) => void out.push(t), pause: () => undefined, resume: () => undefined }, { redactor: new Redactor().add('Canary-menu-1') });
    const result = op.onFailedChecks(step, failures);
    await pick(screen, 'What now?', 1);
    await vi.waitFor(() => expect(out.join('')).toContain('fix: open the port'));
    await pick(screen, 'What now?', 2);
    await waitFor(screen, 'Accept the risk of which failure?');
    const shown = `${out.join('')}\n${screen.getScreen()}`;
    expect(shown).not.toContain('Canary-menu-1');
    expect(shown).toContain(`postgres://st:${REDACTED}@db/st`);
    await pick(screen, 'Accept the risk of which failure?', 2);
    await pick(screen, 'What now?', 3);
    expect(await result).toEqual({ choice: 'abort' });
  });
});
