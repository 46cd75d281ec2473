// The installer media a node installs from (docs/st-facts.md "Silent installer"):
// setup.sh, and the two silent-file templates in Components/Configuration/ that
// Axway's sample copies and edits (prepare_properties_files.yml: "Find the name of
// the Axway_Installer properties" / "…of the ST_Installer properties").
import { posix } from 'node:path';
import type { NodeRef, RunContext } from '../engine/types.js';
import { CouldNotLookError } from '../engine/errors.js';
import { causeOf } from './result.js';
import { memoKey } from '../engine/memo.js';
import { layout } from '../st/layout.js';

const mediaKey = (node: NodeRef) => memoKey<Promise<MediaTemplates | null>>(`st.media-templates:${node.name}`);

const AXWAY_TEMPLATE = /^Install_Axway_Installer.*\.properties$/;
const ST_TEMPLATE = /^Install_SecureTransport.*\.properties$/;

export interface MediaTemplates {
  dir: string;
  /** File names, e.g. Install_Axway_Installer_V4.10.13.properties; null when the media lacks one. */
  axway: string | null;
  secureTransport: string | null;
}

/** The template names on the node's media; null when the directory is absent; could-not-look throws. */
export function mediaTemplates(ctx: RunContext, node: NodeRef): Promise<MediaTemplates | null> {
  return ctx.memo.once(mediaKey(node), async () => {
    const dir = posix.join(ctx.answers.installer.media, layout.mediaConfigurationDir);
    // ls prints nothing for an absent dir with exit 2 on every GNU/BusyBox ls; the message tells absent from denied.
    const result = await ctx.adapter(node)
      .exec(['sh', '-c', 'cd -- "$1" 2>/dev/null || { [ -e "$1" ] && { echo "cannot enter $1" >&2; exit 3; }; exit 44; }; ls -1', 'sh', dir], { kind: 'read', timeoutMs: 30_000, sudo: true })
      .catch((error: unknown) => {
        throw new CouldNotLookError(node.name, dir, causeOf(error, node.name));
      });
    if (result.exitCode === 44) return null;
    if (result.exitCode !== 0) throw new CouldNotLookError(node.name, dir, result.stderr.trim() || `exit ${result.exitCode}`);
    // The newest version when a media holds several: the same choice on every node of one media.
    const names = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort().reverse();
    return { dir, axway: names.find((n) => AXWAY_TEMPLATE.test(n)) ?? null, secureTransport: names.find((n) => ST_TEMPLATE.test(n)) ?? null };
  });
}
