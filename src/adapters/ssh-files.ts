// Remote halves of the file operations, run as "sh -c SCRIPT st-cluster ARGS…"
// over the node's one ssh connection. Paths travel as arguments, never spliced
// into the script.
import type { FileStat } from './types.js';

/** $1 path, $2 octal mode or "", $3 expected sha256; content on stdin. */
export const WRITE_SCRIPT = `set -eu
p=$1 mode=$2 want=$3
d=$(dirname -- "$p")
mkdir -p -- "$d"
t=$(mktemp "$d/.st-cluster.XXXXXXXX")
trap 'rm -f -- "$t"' EXIT
if [ -n "$mode" ]; then chmod "$mode" "$t"
elif [ -e "$p" ]; then chmod --reference="$p" "$t"
else chmod "$(printf '%o' $(( 0666 & ~0$(umask) )))" "$t"
fi
cat > "$t"
got=$(sha256sum < "$t")
got=\${got%% *}
if [ "$got" != "$want" ]; then echo "checksum mismatch: sent $want, landed $got" >&2; exit 3; fi
sync "$t" 2>/dev/null || :
mv -f -- "$t" "$p"
trap - EXIT`;

/** Exit code of READ_SCRIPT when the file is absent: any other failure is "could not look". */
export const ABSENT_EXIT = 44;

// The command's own errno text (LC_ALL=C: stable wording) tells absent (ENOENT, ENOTDIR)
// from could-not-look (EACCES, EIO, EISDIR …); stdout streams through fd 3 untouched.
const run = (command: string): string => `{ err=$(LC_ALL=C ${command} 2>&1 >&3 3>&-); rc=$?; } 3>&1
[ "$rc" -eq 0 ] && exit 0`;
const ABSENT_ERRNO = `*": No such file or directory"|*": Not a directory"`;

export const READ_SCRIPT = `${run('cat -- "$1"')}
printf '%s\\n' "$err" >&2
case $err in ${ABSENT_ERRNO}) exit ${ABSENT_EXIT};; esac
exit "$rc"`;

const missingOrFail = `case $err in ${ABSENT_ERRNO}) echo missing; exit 0;; esac
printf '%s\\n' "$err" >&2
exit "$rc"`;

export const STAT_SCRIPT = `if [ -L "$1" ] && ! [ -e "$1" ]; then exec stat -c 'link|%a|%s' -- "$1"; fi
${run(`stat -L -c '%F|%a|%s' -- "$1"`)}
${missingOrFail}`;

export const SHA256_SCRIPT = `${run('sha256sum -- "$1"')}
${missingOrFail}`;

export const REMOVE_SCRIPT = 'exec rm -f -- "$1"';

export function parseStat(stdout: string): FileStat {
  const line = stdout.trim();
  if (line === 'missing') return { exists: false };
  const [kind = '', mode = '', size = ''] = line.split('|');
  const type = kind.startsWith('regular') ? 'file' : kind === 'directory' ? 'dir' : kind === 'link' ? 'link' : 'other';
  return { exists: true, type, mode: Number.parseInt(mode, 8), size: Number(size) };
}

export function parseSha256(stdout: string): string | null {
  const line = stdout.trim();
  if (line === 'missing') return null;
  // GNU sha256sum prefixes the line with a backslash when the name holds one or a newline.
  const hex = line.replace(/^\\/, '').split(/\s+/)[0] ?? '';
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`unexpected sha256sum output: ${line.slice(0, 80)}`);
  return hex;
}
