// The published API description: the wizard checks its configured add/remove
// paths against it before use (docs/st-facts.md "Admin REST API").
export const API_BASE = '/api/v2.0';
export const ADD_NODE_PATH = `${API_BASE}/configurations/clusterManagement/nodes`;
export const REMOVE_NODE_PATH = `${API_BASE}/configurations/clusterManagement/nodes/{serverAddress}`;

const op = (summary: string, ...codes: number[]): Record<string, unknown> => ({
  summary,
  responses: Object.fromEntries(codes.map((c) => [String(c), { description: String(c) }])),
});

export const swagger = {
  swagger: '2.0',
  info: { title: 'SecureTransport Admin API (lab simulator)', version: '2.0' },
  basePath: API_BASE,
  paths: {
    '/version': { get: op('Product version', 200) },
    '/configurations/clusterManagement': { get: op('Cluster management: mode and registered servers', 200) },
    '/configurations/clusterManagement/nodes': { post: op('Add a server to the cluster', 201, 400, 409) },
    '/configurations/clusterManagement/nodes/{serverAddress}': { delete: op('Remove a server from the cluster', 204, 404) },
    '/configurations/options': { get: op('List options', 200), put: op('Set options', 204, 400) },
    '/configurations/options/{name}': { get: op('Read one option', 200, 404) },
    '/certificates': { get: op('Certificates (usage=local: the admind certificate)', 200) },
    '/daemons': { get: op('Protocol daemons and their status', 200) },
    '/daemons/operations': { post: op('Start or stop a protocol daemon', 204, 400) },
    '/docs/swagger.json': { get: op('This description', 200) },
  },
};
