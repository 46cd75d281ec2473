// labUp's refusals for nodes over ssh come before anything is created (exit 2 in the CLI).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labUp, LabUsageError } from '../../src/lab/index.js';
import { labDir } from './support.js';

describe('labUp with sshNodes', () => {
  it('refuses a node the lab does not have, naming the lab\'s nodes', async () => {
    const dir = labDir();
    await expect(labUp({ dir, nodes: 2, sshNodes: ['node3'] })).rejects.toThrow(LabUsageError);
    await expect(labUp({ dir, nodes: 2, sshNodes: ['db'] })).rejects.toThrow(/--ssh-node db: the lab's nodes are node1…node2/);
    expect(existsSync(dir)).toBe(false);
  });
});
