#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A policy file can never silently open the router. With a policy of two
# networks in force, "rfence load" (and -batch) of a damaged file is
# refused, naming the place and what is wrong, and the policy in force does
# not change (check_refused: exit status, exact stderr, empty stdout, the
# same rfence save, generation and counters before and after):
#
#   - bytes a policy file cannot hold: NUL (a binary file, a line cut by a
#     NUL), control characters, a CR that does not end a line, invalid
#     UTF-8, a byte-order mark after the start: FILE:LINE:COLUMN: Error: ...;
#     tabs, CR LF line ends, UTF-8 text and a leading byte-order mark load;
#   - a file without commands (empty, comments only, what "rfence save >
#     FILE" leaves when it fails), unless -allow-empty;
#   - a 10 MB word is quoted as a bounded excerpt;
#   - quoted words: an interface named "#lan" is saved quoted and loads back;
#   - rfence apply FILE makes the file's changes on top of the policy in one
#     transaction: what a load of the policy with the changes gives, nothing
#     when any change is refused;
#   - rfence save FILE writes FILE atomically: a save that cannot write
#     (no directory, a full file system, no permission) leaves the old file.
#
#   namespace "ns": dummies d0, "#lan"
#   pc1 (1): 10.1.0.0/16, d0    pc2 (2): 10.2.0.0/16    link pc1-pc2

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init jq setpriv stat mount

ns=''	# set by setup_ns
setup_ns ns || ktap_skip_all "cannot create network namespaces"
# shellcheck disable=SC2034 # read by lib.sh (rf)
RF_NS=$ns
TMP=$(mktemp -d)
chmod 755 "$TMP"
defer rm -rf "$TMP"

POLICY="config set mode enforce unmanaged accept drop-events 100
network add pc1 id 1 default-route allow
network add pc2 id 2 default-route allow
prefix add 10.1.0.0/16 network pc1
prefix add 10.2.0.0/16 network pc2
dev add d0 network pc1
link add pc1 pc2"
DEFAULTS="config set mode enforce unmanaged accept drop-events 100"
NO_POLICY='holds no policy; "rfence flush" removes the policy'

if ! ip -n "$ns" link add d0 type dummy ||
   ! ip -n "$ns" link add "#lan" type dummy; then
	ktap_fail_all "cannot create dummy interfaces"
fi
echo "$POLICY" > "$TMP/policy.rf"
check_ok "the policy of two networks loads" rf load "$TMP/policy.rf"
check_output "it is in force" "$POLICY" rf save

# ---- bytes that cannot be in a policy file -----------------------------------

# load_bad DESC LINE:COL MESSAGE FORMAT: a file of two valid lines (a policy
# other than the one in force) and then FORMAT's bytes (printf) is refused
# with "FILE:LINE:COL: Error: MESSAGE".
load_bad()
{
	local f=$TMP/bad.rf

	{
		printf 'network add x id 9\nprefix add 10.9.0.0/16 network x\n'
		# shellcheck disable=SC2059 # the bytes are the format
		printf "$4"
	} > "$f"
	check_refused "$1" 1 "$f:$2: Error: $3" rf load "$f"
}

f=$TMP/binary.rf
printf '\0\001\002\003ELF garbage\nnetwork add x\n' > "$f"
check_refused "a file starting with a NUL byte (binary garbage)" 1 \
	"$f:1:1: Error: NUL byte (0x00)" rf load "$f"
load_bad "a line with a NUL in the middle" 3:14 "NUL byte (0x00)" \
	'network add a\0junk\n'
load_bad "a NUL as the last byte" 3:1 "NUL byte (0x00)" '\0'
load_bad "an escape sequence (ESC)" 3:13 "control character ESC (0x1b)" \
	'network add \033[31mred\n'
load_bad "a bell (BEL)" 3:8 "control character BEL (0x07)" 'network\007 add y\n'
load_bad "a vertical tab" 3:8 "control character VT (0x0b)" 'network\013add y\n'
load_bad "a form feed between lines" 3:1 "control character FF (0x0c)" \
	'\014\nnetwork add y\n'
load_bad "DEL" 3:14 "control character DEL (0x7f)" 'network add y\177\n'
load_bad "a C1 control character (U+0085, NEL)" 3:13 \
	"control character U+0085" 'network add \302\205y\n'
load_bad "a CR that does not end a line (old Mac line ends)" 3:14 \
	"control character CR (0x0d) not followed by LF" \
	'network add y\rnetwork add z\r'
load_bad "a CR at the end of the file" 3:14 \
	"control character CR (0x0d) not followed by LF" 'network add y\r'
load_bad "a byte that is never UTF-8 (0xff)" 3:15 "invalid UTF-8 byte 0xff" \
	'# comment: caf\377\n'
load_bad "Latin-1 text (0xe9 then a space)" 3:15 \
	"invalid UTF-8 sequence 0xe9 0x20" '# Latin-1: caf\351 au lait\n'
load_bad "an overlong encoding (0xc0 0xaf)" 3:3 "invalid UTF-8 byte 0xc0" \
	'# \300\257\n'
load_bad "a UTF-16 surrogate (0xed 0xa0 0x80)" 3:3 \
	"invalid UTF-8 sequence 0xed 0xa0" '# \355\240\200\n'
load_bad "a code point past U+10FFFF (0xf4 0x90 0x80 0x80)" 3:3 \
	"invalid UTF-8 sequence 0xf4 0x90" '# \364\220\200\200\n'
load_bad "a UTF-8 sequence cut by the end of the file" 3:4 \
	"truncated UTF-8 sequence 0xe2 0x82 at the end of the file" '# \342\202\254\342\202'
load_bad "a byte-order mark that is not at the start" 3:1 \
	"byte-order mark (U+FEFF) not at the start of the file" \
	'\357\273\277network add y\n'
load_bad "a byte-order mark inside a line" 3:14 \
	"byte-order mark (U+FEFF) not at the start of the file" \
	'network add y\357\273\277\n'
load_bad "the column counts characters, not bytes" 3:5 \
	"control character ESC (0x1b)" '# \303\251\342\202\254\033\n'

# What a policy file may hold.
{
	printf '\357\273\277# UTF-8 byte-order mark, then UTF-8 text: caf\303\251 \342\234\223\r\n'
	printf 'config set mode enforce unmanaged accept drop-events 100\r\n'
	printf 'network add pc1\tid 1 default-route allow\r\n'
	printf '\tnetwork add pc2 id 2 default-route allow  # tabs, CR LF\r\n'
	printf 'prefix add 10.1.0.0/16 network pc1\r\nprefix add 10.2.0.0/16 network pc2\r\n'
	printf 'dev add d0 network pc1\r\nlink add pc1 pc2\r\n'
} > "$TMP/ok.rf"
check_ok "a byte-order mark, UTF-8, tabs and CR LF load" rf load "$TMP/ok.rf"
check_output "...into the same policy" "$POLICY" rf save

# -batch checks the whole file before it runs a line.
f=$TMP/batch.rf
printf 'network add b1\nnetwork add b2\nnetwork add b3\0\n' > "$f"
check_refused "-batch with a NUL on line 3 runs none of its lines" 1 \
	"$f:3:15: Error: NUL byte (0x00)" rf -batch "$f"
printf 'network add b1\nnetwork add \377\n' > "$f"
check_refused "-batch with invalid UTF-8 runs none of its lines" 1 \
	"$f:2:13: Error: invalid UTF-8 byte 0xff" rf -batch "$f"

# ---- files without commands ------------------------------------------------

f=$TMP/empty.rf
: > "$f"
check_refused "an empty file" 1 "Error: $f $NO_POLICY" rf load "$f"
printf '# only comments\n\n   # and blank lines\n\t\n' > "$f"
check_refused "a file of comments and blank lines" 1 "Error: $f $NO_POLICY" \
	rf load "$f"
printf '\357\273\277' > "$f"
check_refused "a file of a byte-order mark only" 1 "Error: $f $NO_POLICY" \
	rf load "$f"
check_refused "an empty standard input" 1 "Error: - $NO_POLICY" \
	bash -c "\"$RFENCE\" -n $ns load - < /dev/null"
# "rfence save > FILE" that fails: the shell has emptied FILE already.
"$RFENCE" -n nosuch-ns save > "$f" 2> /dev/null
check_refused "what a failed \"rfence save > FILE\" leaves" 1 \
	"Error: $f $NO_POLICY" rf load "$f"
check_refused "load check of an empty file" 1 "Error: $f $NO_POLICY" \
	rf load "$f" check
printf 'load %s\n' "$f" > "$TMP/nested.rf"
check_refused "an empty file loaded from -batch names the batch line" 1 \
	"$TMP/nested.rf:1: Error: $f $NO_POLICY" rf -batch "$TMP/nested.rf"
check_refused "an empty -batch file" 1 "Error: $f holds no commands" \
	rf -batch "$f"
check_ok "-allow-empty -batch of an empty file runs nothing" \
	rf -allow-empty -batch "$f"
check_output "...and changes nothing" "$POLICY" rf save
check_ok "-allow-empty load of an empty file" rf -allow-empty load "$f"
check_output "...removes the policy, as flush does" "$DEFAULTS" rf save
check_ok "the policy loads again" rf load "$TMP/policy.rf"

# ---- bounded excerpts of long words ------------------------------------------

big=$(head -c 10485760 /dev/zero | tr '\0' a)
a40=${big:0:40}
f=$TMP/big.rf
echo "network add $big" > "$f"
check_refused "a 10 MB network name is quoted as an excerpt" 1 \
	"$f:1: Error: invalid network name \"$a40\"... (10485760 bytes)" \
	rf load "$f"
echo "$big add" > "$f"
check_refused "a 10 MB first word is quoted as an excerpt" 1 \
	"$f:1: Error: not a configuration command \"$a40\"... (10485764 bytes)" \
	rf load "$f"
echo "prefix add $big network pc1" > "$f"
check_refused "a 10 MB prefix is quoted as an excerpt" 1 \
	"$f:1: Error: invalid prefix \"$a40\"... (10485760 bytes)" rf load "$f"
unset big
a100=$(printf 'a%.0s' {1..100})
check_refused "a long name on the command line is an excerpt too" 1 \
	"Error: invalid network name \"$a40\"... (100 bytes)$(rf_usage network)" \
	rf network add "$a100"
check_refused "unprintable bytes are quoted escaped" 1 \
	"Error: invalid network name \"a\\x1b[31m\\\"b\"$(rf_usage network)" \
	rf network add $'a\e[31m"b'

# ---- quoted words ----------------------------------------------------------------

f=$TMP/quoted.rf
check_ok "an interface named #lan is bound" rf dev add "#lan" network pc2
check_output "save quotes its name" 'dev add "#lan" network pc2' \
	bash -c "\"$RFENCE\" -n $ns save | grep lan"
check_ok "save FILE" rf save "$f"
check_ok "flush" rf flush
check_ok "the saved file loads" rf load "$f"
check_output "...with #lan bound" "#lan pc2" \
	bash -c "\"$RFENCE\" -n $ns -j dev show | jq -r '.[] | select(.ifname == \"#lan\") | .ifname + \" \" + .[\"net-name\"]'"
printf 'dev del "\\x23lan"\ndev add "\\x23lan" network pc1 # escapes\n' \
	> "$TMP/esc.rf"
check_ok "-batch of a \\xHH escape" rf -batch "$TMP/esc.rf"
check_output "...names the same interface" "#lan pc1" \
	bash -c "\"$RFENCE\" -n $ns -j dev show | jq -r '.[] | select(.ifname == \"#lan\") | .ifname + \" \" + .[\"net-name\"]'"
check_ok "the policy loads again" rf load "$TMP/policy.rf"
load_bad "a quote that is not closed" 3:9 'quote (") not closed' \
	'dev add "#lan network pc1\n'
load_bad "an unknown escape" 3:13 \
	'unknown escape \q in a quoted word (use \", \\ or \xHH)' \
	'dev add "#la\\qn" network pc1\n'
load_bad "an escape of a NUL byte" 3:10 'NUL byte (\x00) in a quoted word' \
	'dev add "\\x00" network pc1\n'
load_bad "text right after a closing quote" 3:15 \
	'a closing quote (") must end the word' 'dev add "#lan"x network pc1\n'

# ---- rfence apply FILE: changes on top of the policy, all or nothing ---------

CHANGES="network add pc3 id 3 default-route deny
prefix add 10.3.0.0/16 network pc3
prefix add 10.1.7.0/24 network pc1
prefix del 10.2.0.0/16
link add pc1 pc3
link del pc1 pc2
dev del d0
dev add d0 network pc3"
printf '%s\n%s\n' "$POLICY" "$CHANGES" > "$TMP/after.rf"
check_ok "the policy with the changes loads (for comparison)" \
	rf load "$TMP/after.rf"
rf save "$TMP/after.saved"
check_ok "the policy loads again" rf load "$TMP/policy.rf"
f=$TMP/apply.rf
printf '# changes\n%s\n' "$CHANGES" > "$f"
check_ok "apply FILE check of eight changes" rf apply "$f" check
check_output "...with check changes nothing" "$POLICY" rf save
check_ok "apply of eight changes" rf apply "$f"
check_output "...gives what a load of the policy with the changes gives" \
	"$(cat "$TMP/after.saved")" rf save
check_ok "the policy loads again" rf load "$TMP/policy.rf"
printf 'network add pc3 id 3\nprefix add 10.1.1.0/24 network pc3\n' > "$f"
check_refused "apply of a prefix that overlaps one in force changes nothing" 2 \
	"$f:2: Error: 10.1.1.0/24 of network pc3 overlaps 10.1.0.0/16 of network pc1." \
	rf apply "$f"
printf 'prefix del 10.2.0.0/16\nlink add pc1 nosuch\n' > "$f"
check_refused "apply with a refused line leaves the lines before it undone" 2 \
	"$f:2: Error: network nosuch does not exist." rf apply "$f"
printf 'link add pc1 pc3\nnetwork add pc3\nlink add pc1 pc2\n' > "$f"
check_refused "apply runs its lines in order (a link before its network)" 2 \
	"$f:1: Error: network pc3 does not exist." rf apply "$f"
printf 'network add pc3\nlink add pc1 pc3\nlink add pc2 pc1\n' > "$f"
check_refused "apply of a link that exists is refused" 2 \
	"$f:3: Error: networks pc1 and pc2 are already linked." rf apply "$f"
: > "$f"
check_refused "apply of an empty file" 1 "Error: $f holds no commands" \
	rf apply "$f"
check_ok "-allow-empty apply of an empty file changes nothing" \
	rf -allow-empty apply "$f"
check_output "...the policy is the one in force" "$POLICY" rf save
printf 'network add z\n\001\n' > "$f"
check_refused "apply checks every byte first" 1 \
	"$f:2:1: Error: control character SOH (0x01)" rf apply "$f"

# ---- rfence save FILE: atomic ---------------------------------------------------

d=$TMP/save
mkdir -p "$d"
check_ok "save into a new file" rf save "$d/new.rf"
check_output "...holds the policy" "$POLICY" cat "$d/new.rf"
check_output "...created with the mode the umask gives (022: 644)" 644 \
	bash -c "umask 022; \"$RFENCE\" -n $ns save $d/new2.rf; stat -c %a $d/new2.rf"
echo old > "$d/old.rf"
chmod 600 "$d/old.rf"
check_ok "save over an existing file" rf save "$d/old.rf"
check_output "...replaces it" "$POLICY" cat "$d/old.rf"
check_output "...and keeps its mode" 600 stat -c %a "$d/old.rf"
ln -s old.rf "$d/link.rf"
check_ok "save through a symbolic link" rf save "$d/link.rf"
check_output "...replaces the target and keeps the link" "link.rf -> old.rf" \
	bash -c "cd $d && find link.rf -type l -printf '%p -> %l'"
check_output "save - writes to stdout" "$POLICY" rf save -
check_output "no temporary file left behind" \
	"link.rf new.rf new2.rf old.rf" bash -c "ls -A $d | paste -sd ' '"

check_refused "save into a directory that does not exist" 1 \
	"Error: cannot create a temporary file next to \"$d/nodir/p.rf\": No such file or directory" \
	rf save "$d/nodir/p.rf"
check_refused "save FILE with a word after it" 1 \
	"Error: unknown argument \"x\"$(rf_usage save)" rf save "$d/p.rf" x

# A full file system: the old file stays as it was.
full=$TMP/full
mkdir -p "$full"
if mount -t tmpfs -o size=16k rf-full "$full"; then
	defer umount "$full"
	echo "old policy" > "$full/p.rf"
	dd if=/dev/zero of="$full/fill" bs=4k 2> /dev/null
	check_refused "save on a full file system fails" 1 \
		"Error: cannot write \"$full/p.rf\": No space left on device" \
		rf save "$full/p.rf"
	check_output "...and leaves the old file as it was" "old policy" \
		cat "$full/p.rf"
	check_output "...and no temporary file" "fill p.rf" \
		bash -c "ls -A $full | paste -sd ' '"
else
	ktap_test_fail "a small tmpfs for the full file system case is mounted"
fi

# No permission: the directory is root's.
echo "old policy" > "$d/root.rf"
check_refused "save without the right to write the directory fails" 1 \
	"Error: cannot create a temporary file next to \"$d/root.rf\": Permission denied" \
	rf_nobody save "$d/root.rf"
check_output "...and leaves the old file as it was" "old policy" cat "$d/root.rf"

check_output "the policy survived it all" "$POLICY" rf save

ktap_finished
