// Child of the Ansible row: runs each command on every node of an answers file
// through st-cluster's own node adapters (createNodeAdapter: the ssh adapter
// with its ControlMaster per node), command after command, every node at once
// (mapBounded, as the steps fan out with --parallel), like `ansible all -f N`.
//   node fanout-st.mjs DIST ANSWERS PARALLEL COMMANDS_JSON
const [dist, answersFile, parallel, commandsJson] = process.argv.slice(2);
const { loadAnswers } = await import(`${dist}/answers/index.js`);
const { createNodeAdapter } = await import(`${dist}/adapters/index.js`);
const { mapBounded } = await import(`${dist}/engine/parallel.js`);
const { answers, baseDir } = await loadAnswers(answersFile);
const commands = JSON.parse(commandsJson);
// No cluster.account: these read-only commands run as the ssh login, as Ansible's do.
const adapters = await Promise.all(answers.nodes.map((node) => createNodeAdapter(node, { baseDir })));
let failures = 0;
try {
  for (const argv of commands) {
    const results = await mapBounded(adapters, Number(parallel), (a) => a.exec(argv));
    for (const [i, r] of results.entries()) {
      if (r.exitCode !== 0) {
        failures++;
        console.error(`${answers.nodes[i].name}: ${argv.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
      }
    }
  }
} finally {
  await Promise.all(adapters.map((a) => a.close()));
}
process.exitCode = failures ? 1 : 0;
