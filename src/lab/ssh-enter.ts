// The forced command of a lab node's ssh key: the session's shell, entered into
// the node. Each session gets a private mount namespace in which R/opt, R/mnt and
// R/etc/hosts|hostname are the node's /opt, /mnt and /etc/hosts|hostname, so the
// wizard's virtual paths are real there. /tmp stays the host's: the lab directory
// lives under it, and binding over it would hide the node root itself.
// Processes the session starts (Admin, TM) keep the namespace alive after it ends;
// they use real paths under R, which stay visible in every namespace.
import type { LabNode } from './types.js';

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const INSIDE = `R=$1
for d in opt mnt etc/hosts etc/hostname; do
  case $d in etc/*) [ -e "/$d" ] || continue ;; esac
  mount --bind "$R/$d" "/$d" || { echo "st-cluster lab: cannot bind $R/$d over /$d" >&2; exit 126; }
done
export ST_LAB_NODE_ROOT="$R" ST_LAB_MOUNTED=1 PATH="$R/.lab/bin:$PATH"
cd /
[ -n "\${SSH_ORIGINAL_COMMAND:-}" ] || exec /bin/sh
exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"`;

export function enterScript(node: LabNode): string {
  return `#!/bin/sh
# st-cluster lab: every ssh session of node ${node.name} runs inside its node root (src/lab/ssh-enter.ts).
exec unshare --mount --propagation private /bin/sh -c ${shQuote(INSIDE)} st-lab-${node.name} ${shQuote(node.root)}
`;
}
