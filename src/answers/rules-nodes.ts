// Rules across nodes[] and the step-7 settings (DESIGN.md "The ten steps", step 7).
import { isModulePath } from './paths.js';
import type { Rule } from './rule-types.js';

const builtInAdapters = new Set(['local', 'lab', 'ssh']);

/** Reports every later occurrence of a value that an earlier node already uses. */
function uniqueRule(field: 'name' | 'address' | 'labRoot', label: string): Rule {
  return ({ answers, report }) => {
    const seen = new Map<string, number>();
    answers.nodes.forEach((node, index) => {
      const raw = field === 'labRoot' ? node.lab?.root : node[field];
      if (raw === undefined) return;
      const value = raw.trim().toLowerCase();
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, index);
        return;
      }
      const path = field === 'labRoot' ? ['nodes', index, 'lab', 'root'] : ['nodes', index, field];
      report(path, `duplicate ${label} "${raw}" (nodes.${first} has it already)`, `give every node its own ${label}`);
    });
  };
}

export const uniqueNodeNamesRule = uniqueRule('name', 'node name');
// ST accepts a duplicate address in the UI but the cluster is then invalid (docs/st-facts.md "Add a server").
export const uniqueNodeAddressesRule = uniqueRule('address', 'address');
export const uniqueLabRootsRule = uniqueRule('labRoot', 'lab root');

export const nodeAddressRule: Rule = ({ answers, report }) => {
  answers.nodes.forEach((node, index) => {
    const hostAndPort = node.address.split(':').length === 2;
    if (/\s|\//.test(node.address) || hostAndPort) {
      report(['nodes', index, 'address'], 'must be a bare IP address or host name (no scheme, port, path or spaces)', 'write only the address, e.g. 10.0.0.11 or st1.example.com');
    }
  });
};

export const adapterKindRule: Rule = ({ answers, report }) => {
  answers.nodes.forEach((node, index) => {
    if (builtInAdapters.has(node.adapter) || isModulePath(node.adapter)) return;
    report(['nodes', index, 'adapter'], `unknown adapter "${node.adapter}"`, 'use local, lab, ssh or a module path starting with ./ (e.g. ./my-adapter.js)');
  });
};

export const adapterSettingsRule: Rule = ({ answers, report }) => {
  answers.nodes.forEach((node, index) => {
    if (node.adapter === 'lab' && !node.lab) {
      report(['nodes', index, 'lab', 'root'], 'adapter "lab" needs lab.root', 'add "lab: {root: ./lab/NODE}" to this node (the node\'s private root)');
    }
    if (node.lab && node.adapter !== 'lab') {
      report(['nodes', index, 'lab'], `lab settings apply only to adapter "lab" (this node uses "${node.adapter}")`, 'remove lab: or set adapter: lab', 'key');
    }
    if (node.ssh && node.adapter !== 'ssh') {
      report(['nodes', index, 'ssh'], `ssh settings apply only to adapter "ssh" (this node uses "${node.adapter}")`, 'remove ssh: or set adapter: ssh', 'key');
    }
  });
};

// The add-server REST path is not documented (docs/st-facts.md [U]): it must come from the answers.
export const registerMethodRule: Rule = ({ answers, report }) => {
  const { method, addPath } = answers.admin.register;
  if (method !== 'api' || addPath !== undefined || answers.cluster.autoRegister) return;
  report(
    ['admin', 'register', 'addPath'],
    'registering nodes through the API (admin.register.method: api, the default) needs admin.register.addPath',
    'set admin.register.addPath to the add-server path listed in https://NODE:PORT/api/v2.0/docs/swagger.json, or use admin.register.method: manual, or cluster.autoRegister: true',
  );
};
