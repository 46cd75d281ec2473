// `lab fault` on a lab whose nodes are directories of this host (no root needed):
// stop-st SIGKILLs a node's ST processes; the network faults and restart-db of an
// existing server are refused, saying what they need.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { labFault, labStatus, labUp, LabUsageError, type LabInfo } from '../../src/lab/index.js';
import { install, labDir, labDownAndClean, randomAddressBase, script, writeProperties } from './support.js';

describe('lab fault on a dirs lab', () => {
  let lab: LabInfo;

  beforeAll(async () => {
    lab = await labUp({ dir: labDir(), nodes: 2, dbUrl: inject('pgUrl'), addressBase: randomAddressBase(), name: 'faults' });
    expect((await install(lab.nodes[0]!, writeProperties(lab, lab.nodes[0]!, {}))).code).toBe(0);
    expect((await script(lab.nodes[0]!, 'start_admin')).code).toBe(0);
  });
  afterAll(() => labDownAndClean(lab));

  it('stop-st kills the running Admin of the node with SIGKILL', async () => {
    expect(labStatus(lab.dir).nodes[0]!.services?.admin).toBe('alive');
    expect(await labFault(lab.dir, 'stop-st', 'node1')).toMatch(/^node1: [1-9]\d* SecureTransport process\(es\) killed with SIGKILL \(\d+/);
    expect(labStatus(lab.dir).nodes[0]!.services?.admin).toBe('down');
    expect(await labFault(lab.dir, 'stop-st', 'node2')).toBe('node2: 0 SecureTransport process(es) killed with SIGKILL');
  });

  it('refuses partition, heal and kill-sshd (they need a hosts lab), restart-db of an existing server, and an unknown node', async () => {
    for (const kind of ['partition', 'heal', 'kill-sshd'] as const) {
      await expect(labFault(lab.dir, kind, 'node1')).rejects.toThrow(new RegExp(`lab fault ${kind} needs a hosts lab \\(lab up --hosts\\)`));
    }
    await expect(labFault(lab.dir, 'restart-db')).rejects.toThrow(/uses an existing server \(--db-url\): restart that one yourself/);
    await expect(labFault(lab.dir, 'stop-st', 'node9')).rejects.toThrow(LabUsageError);
    await expect(labFault(lab.dir, 'stop-st', 'node9')).rejects.toThrow(/has no node node9; its nodes are node1, node2/);
  });
});
