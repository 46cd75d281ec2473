// The world a dry run expects (issue 15 item 1): a predicted fact answers for its leaf
// check and names the step that leaves it; a composite is judged through its parts.
import { describe, expect, it } from 'vitest';
import { look, PredictedWorld, predicting } from '../../src/engine/predicted.js';
import type { NodeRef } from '../../src/engine/types.js';
import { either } from '../../src/steps/evidence.js';
import { fakeCheck, fakeContext } from './fake-context.js';

const node: NodeRef = { name: 'n2', address: '10.0.0.2', index: 1, first: false };

describe('the predicted world', () => {
  const stopped = fakeCheck('st.admin-stopped', 'node', () => ({ status: 'fail', detail: 'Admin is running' }));
  const registered = fakeCheck('st.registered', 'node', () => ({ status: 'fail', detail: 'not registered' }));

  it('a fact left by a planned step answers for its check; other checks and nodes are read now', async () => {
    const { ctx } = fakeContext(['n1', 'n2']);
    const world = new PredictedWorld();
    world.set(5, [{ check: 'st.admin-stopped', node: 'n2', holds: true }]);
    ctx.predicted = world;
    expect(await look(ctx, stopped, node)).toMatchObject({ status: 'pass', detail: expect.stringContaining('after step 5') });
    expect([...world.used]).toEqual([5]);
    expect((await look(ctx, registered, node)).status).toBe('fail');
    expect((await look(ctx, stopped, { ...node, name: 'n3' })).status).toBe('fail');
    // A real run has no prediction: the world is read.
    expect((await look({ ...ctx, predicted: undefined }, stopped, node)).status).toBe('fail');
  });

  it('a composite with a leaf\'s id is judged through its parts, not as that leaf', async () => {
    const { ctx } = fakeContext(['n1', 'n2']);
    const world = new PredictedWorld();
    // Step 4 leaves Admin running (st.admin-stopped fails); step 7 registers the node.
    world.set(4, [{ check: 'st.admin-stopped', node: 'n2', holds: false }]);
    world.set(7, [{ check: 'st.registered', node: 'n2', holds: true }]);
    ctx.predicted = world;
    const registeredOrStopped = predicting(either('st.admin-stopped', registered, stopped));
    expect((await registeredOrStopped.run(ctx, node)).status).toBe('pass');
    expect((await predicting(stopped).run(ctx, node)).status).toBe('fail');
  });
});
