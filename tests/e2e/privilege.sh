#!/bin/sh
# privilege.sh - issue 15: a shared store is a privilege boundary.
#
# As root (CI is): cpdesk is built with its own STATEDIR and installed
# setgid to a group of the test's own into a private prefix; a store is
# made in STATEDIR; workers are Unix users NOT in that group.  Then, as
# those workers:
#   - data.mdb and lock.mdb cannot be read, written or replaced (mdb_dump,
#     mdb_load, a planted link all fail), and every command still works
#     through cpdesk;
#   - $CPDESK_LIBDIR, $CPDESK_HOLIDAYS and $CPDESK_DATADIR change nothing
#     that is loaded or written; --as is refused to those the policy does
#     not allow; a worker who has left is refused;
#   - the store is reached only by its name, through directories only
#     root may change; a path or a link into STATEDIR opens nothing; a
#     worker never makes its lock file; a store of one's own is its
#     owner's alone;
#   - a live console holds no group, and cannot be traced (non-dumpable);
#   - only the password database names the acting user ($USER does not);
#   - 16 writers as two users, and two consoles as two users, share it;
# and as root: a link planted as lock.mdb of a store, or a link where a
# backup's target should be, is refused and the link's target untouched.
# Everything made is removed at the end (users, group, files).
if [ "$(id -u)" != 0 ]; then
	echo "privilege.sh: skipped: needs root (useradd, a setgid install)"
	exit 0
fi
for t in useradd userdel groupdel runuser mdb_dump mdb_load tmux; do
	command -v "$t" >/dev/null || { echo "privilege.sh: $t not found"; exit 1; }
done
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
T=$(printf '\t')
sfx=$$
G="cpdt$sfx"
U1="cpdsw$sfx" U2="cpdch$sfx" U3="cpdlf$sfx" U4="cpdqa$sfx"
dumpable_was=$(cat /proc/sys/fs/suid_dumpable 2>/dev/null)
cleanup() {
	[ -n "$dumpable_was" ] && echo "$dumpable_was" >/proc/sys/fs/suid_dumpable 2>/dev/null
	tmux -L "priv$sfx" kill-server 2>/dev/null
	for u in "$U1" "$U2" "$U3" "$U4"; do userdel "$u" 2>/dev/null; done
	groupdel "$G" 2>/dev/null
}
trap cleanup EXIT INT TERM
chmod 0755 "$WORK"          # the workers run the program from here
PREFIX="$WORK/prefix" STATE="$WORK/state" BUILD="$WORK/build"

# ---- a setgid install of its own -----------------------------------------
(cd "$TOP" && make --no-print-directory -j2 BUILD="$BUILD" STATEDIR="$STATE" \
    GROUP="$G" PREFIX="$PREFIX" install) >"$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log"; echo "FAIL: make install"; exit 1; }
C="$PREFIX/bin/cpdesk"
[ "$(stat -c '%a %G' "$C")" = "2755 $G" ] || FAIL "cpdesk is not setgid $G: $(stat -c '%a %G' "$C")"
[ "$(stat -c '%a %U %G' "$STATE")" = "2750 root $G" ] || FAIL "STATEDIR is $(stat -c '%a %U %G' "$STATE")"
for u in "$U1" "$U2" "$U3" "$U4"; do
	useradd -M -N -s /bin/sh "$u" || { echo "FAIL: useradd $u"; exit 1; }
done
id -nG "$U1" | grep -qw "$G" && FAIL "$U1 is in $G"
# the stores' group must have nobody in it (an earlier cpdesk put every
# worker in a group of that name): make install refuses, and says so
usermod -a -G "$G" "$U1"
(cd "$TOP" && sh build-aux/install-setgid.sh "" "$C" "$STATE" "$G") 2>"$WORK/grp.err" &&
    FAIL "install accepted a stores' group with a member"
grep -q "the group $G has members ($U1)" "$WORK/grp.err" || { cat "$WORK/grp.err"; FAIL "the members refusal"; }
gpasswd -d "$U1" "$G" >/dev/null

# ---- a shared store, made by root ------------------------------------------
unset CPDESK_DB CPDESK_HOLIDAYS CPDESK_DATADIR CPDESK_LIBDIR
root() { "$C" --db borough --today 2025-03-10 "$@"; }
as() { u=$1; shift; runuser -u "$u" -- env -i PATH=/usr/bin:/bin HOME=/ \
    TERM=xterm "$@"; }
cw() { u=$1; shift; as "$u" "$C" --db borough --today 2025-03-10 "$@"; }
(cd "$WORK" && "$C" --db borough init --policy "$PREFIX/share/cpdesk/policies/generic.yaml") \
    2>"$WORK/init.err" || { cat "$WORK/init.err"; FAIL "init the shared store by its name"; }
[ -e "$WORK/borough" ] && FAIL "root's init --db NAME made a store in the current directory"
[ "$(stat -c '%a %U %G' "$STATE/borough")" = "2770 root $G" ] ||
    FAIL "the store is $(stat -c '%a %U %G' "$STATE/borough")"
[ "$(stat -c '%a %U %G' "$STATE/borough/data.mdb")" = "660 root $G" ] ||
    FAIL "data.mdb is $(stat -c '%a %U %G' "$STATE/borough/data.mdb")"
root worker add tm1 --name "Tia Lead" --role team-manager 2>/dev/null
root worker add "$U1" --name "Sol Worker" --role social-worker --manager tm1 2>/dev/null
root worker add "$U2" --name "Cara Chair" --role cp-chair 2>/dev/null
root worker add "$U3" --name "Lee Leaver" --role social-worker 2>/dev/null
root worker add "$U4" --name "Quin QA" --role qa-admin,qa-manager 2>/dev/null
root worker add mt1 --name "Mo Minutes" --role minute-taker 2>/dev/null
root child add C1 --name "Ada Brown" --social-worker "$U1" 2>/dev/null
root child add C2 --name "Ben Green" --social-worker "$U1" 2>/dev/null
M1=$(root meeting add C1 icpc 2025-03-20 --time 10:00 --chair "$U2" \
    --minute-taker mt1 2>"$WORK/m1.err") || { cat "$WORK/m1.err"; FAIL "meeting add"; }

# ---- the workers work through cpdesk ---------------------------------------
cw "$U1" task list --tsv >"$WORK/q1" 2>"$WORK/q1.err" || { cat "$WORK/q1.err"; FAIL "worker's queue"; }
grep -q "C1" "$WORK/q1" || FAIL "the worker's queue lacks C1"
cw "$U1" child show C1 >/dev/null 2>&1 || FAIL "child show as a worker"
T1=$(awk -F"$T" 'NR == 2 { print $1 }' "$WORK/q1")
cw "$U1" task done "$T1" --note "done by the worker" 2>/dev/null || FAIL "task done as a worker"
cw "$U4" list week --date 2025-03-17 >/dev/null 2>&1 || FAIL "list week as QA"

# ---- but not the files ------------------------------------------------------
as "$U1" mdb_dump -s children "$STATE/borough" >"$WORK/dump" 2>&1 &&
    FAIL "mdb_dump read the store as a worker"
grep -q "Ada" "$WORK/dump" && FAIL "the dump names a child"
as "$U1" cat "$STATE/borough/data.mdb" >/dev/null 2>&1 && FAIL "a worker read data.mdb"
printf 'VERSION=3\nformat=bytevalue\ndatabase=meta\ntype=btree\nHEADER=END\n 637265617465642d6279\n 6576696c\nDATA=END\n' >"$WORK/evil.load"
as "$U1" mdb_load -f "$WORK/evil.load" "$STATE/borough" >/dev/null 2>&1 &&
    FAIL "mdb_load wrote the store as a worker"
as "$U1" dd if=/dev/zero of="$STATE/borough/data.mdb" bs=4096 seek=2 count=1 \
    conv=notrunc >/dev/null 2>&1 && FAIL "a worker wrote into data.mdb"
root audit --tsv 2>/dev/null | grep -q "child.view" || FAIL "the audit trail lost its reads"
as "$U1" ln -s /etc/passwd "$STATE/borough/lock.mdb.x" 2>/dev/null &&
    FAIL "a worker planted a link in the store"
as "$U1" ls "$STATE" >/dev/null 2>&1 && FAIL "a worker listed the stores"
as "$U1" cp "$C" "$WORK/mine" 2>/dev/null && [ -u "$WORK/mine" -o -g "$WORK/mine" ] &&
    FAIL "a copy kept the setgid bit"

# ---- only a name keeps the group: a path, or a link, opens nothing ----------
mkdir -p "$WORK/u1"; chown "$U1" "$WORK/u1"; chmod 0700 "$WORK/u1"
as "$U1" ln -s "$STATE/borough" "$WORK/u1/link"
as "$U1" ln -s "$STATE" "$WORK/u1/state"
for p in "$STATE/borough" "$WORK/u1/link" "$WORK/u1/state/borough"; do
	as "$U1" "$C" --db "$p" --today 2025-03-10 task list >"$WORK/path.out" 2>"$WORK/path.err" &&
	    FAIL "a worker opened the shared store by the path $p"
	grep -q "C1" "$WORK/path.out" && FAIL "a worker read the store through $p"
done
# a name that is no shared store opens (or makes) nothing
(cd "$WORK/u1" && as "$U1" "$C" --db borogh task list) >/dev/null 2>"$WORK/typo.err" && FAIL "a misspelt store name opened"
grep -q "no shared store named 'borogh'" "$WORK/typo.err" || { cat "$WORK/typo.err"; FAIL "the misspelt name's refusal"; }
(cd "$WORK/u1" && as "$U1" "$C" --db borogh init --policy "$PREFIX/share/cpdesk/policies/generic.yaml") 2>/dev/null &&
    FAIL "a worker's init with a misspelt shared store name"
[ -e "$WORK/u1/borogh" ] && FAIL "a misspelt name made a store in the current directory"
# a store of one's own is its owner's alone, root's too
as "$U1" "$C" --db "$WORK/u1/mine" init --policy "$PREFIX/share/cpdesk/policies/generic.yaml" \
    2>"$WORK/mine.err" || { cat "$WORK/mine.err"; FAIL "a worker's store of their own"; }
[ "$(stat -c '%a %U %G' "$WORK/u1/mine" "$WORK/u1/mine/data.mdb" | tr '\n' ' ')" = \
    "700 $U1 $(id -gn "$U1") 600 $U1 $(id -gn "$U1") " ] ||
    FAIL "a worker's store is $(stat -c '%a %U %G' "$WORK/u1/mine" "$WORK/u1/mine/data.mdb")"
"$C" --db "$WORK/u1/mine" task list >/dev/null 2>"$WORK/theirs.err" && FAIL "root opened a worker's own store"
grep -q "belongs to $U1.*sudo -u $U1" "$WORK/theirs.err" || { cat "$WORK/theirs.err"; FAIL "the refusal of another's store"; }
# moved into STATEDIR (deployment.md), it is root's to administer: its
# maker, who could have rewritten it, is no administrator there
mv "$WORK/u1/mine" "$STATE/moved" && chown -R root:"$G" "$STATE/moved" &&
    chmod 2770 "$STATE/moved" && chmod 0660 "$STATE/moved/data.mdb" "$STATE/moved/lock.mdb"
"$C" --db moved worker add "$U2" --name "Cara Chair" --role cp-chair 2>/dev/null || FAIL "root administers a moved store"
as "$U1" "$C" --db moved --as "$U2" task list >/dev/null 2>"$WORK/moved.err" && FAIL "the maker of a moved store acted --as another"
as "$U1" "$C" --db moved worker add evil --name Evil --role qa-manager >/dev/null 2>&1 && FAIL "the maker of a moved store added a worker"
grep -q "(--as) needs the role.*you ($U1) hold no role" "$WORK/moved.err" || { cat "$WORK/moved.err"; FAIL "the refusal of a moved store's maker"; }
rm -rf "$STATE/moved"

# ---- the stores' directory must be root's alone, all the way up --------------
chmod g+w "$STATE"
cw "$U1" task list >/dev/null 2>"$WORK/unsafe.err" && FAIL "a worker opened a store in a group-writable STATEDIR"
grep -q "is not safe" "$WORK/unsafe.err" || { cat "$WORK/unsafe.err"; FAIL "the unsafe STATEDIR refusal"; }
chmod 2750 "$STATE"; chmod o+w "$WORK"
cw "$U1" task list >/dev/null 2>"$WORK/unsafe.err" && FAIL "a worker opened a store below a world-writable directory"
# (the installed data below it is refused first, as it should be)
grep -q "is not safe\|not root's alone" "$WORK/unsafe.err" || { cat "$WORK/unsafe.err"; FAIL "the unsafe parent refusal"; }
chmod 0755 "$WORK"
cw "$U1" task list >/dev/null 2>&1 || FAIL "the store after STATEDIR was made safe again"

# ---- a worker never makes the shared store's lock file -----------------------
mv "$STATE/borough/lock.mdb" "$WORK/lock.kept"
cw "$U1" task list >/dev/null 2>"$WORK/nolock.err"; rc=$?
[ "$rc" = 1 ] || FAIL "a worker with lock.mdb missing: exit $rc, want 1"
grep -q "has no lock.mdb" "$WORK/nolock.err" || { cat "$WORK/nolock.err"; FAIL "the missing lock.mdb refusal"; }
[ -e "$STATE/borough/lock.mdb" ] && FAIL "a worker made the shared store's lock.mdb"
root check-store >/dev/null 2>&1 || FAIL "check-store as root with lock.mdb missing"
[ "$(stat -c '%a %U %G' "$STATE/borough/lock.mdb")" = "660 root $G" ] ||
    FAIL "root's lock.mdb is $(stat -c '%a %U %G' "$STATE/borough/lock.mdb")"
cw "$U1" task list >/dev/null 2>&1 || FAIL "the worker after root made lock.mdb"
cw "$U1" check-store >/dev/null 2>"$WORK/cs-sw.err" && FAIL "a social worker ran check-store"

# ---- a command cpdesk runs gets no descriptor of the store ------------------
mkdir -p "$WORK/out"; chmod 1777 "$WORK/out"
printf 'ls -l /proc/self/fd > %s/out/fds.$$; cat >/dev/null\n' "$WORK" >"$WORK/fds.sh"
chmod 0755 "$WORK/fds.sh"
cw "$U4" mail week --date 2025-03-17 --to qa@example.org \
    --sendmail "sh $WORK/fds.sh" >/dev/null 2>"$WORK/mail.err" ||
    { cat "$WORK/mail.err"; FAIL "mail week --sendmail as QA"; }
ls "$WORK"/out/fds.* >/dev/null 2>&1 || FAIL "--sendmail's command did not run"
cat "$WORK"/out/fds.* 2>/dev/null | grep -q "\.mdb" && FAIL "--sendmail's command inherited the store's files"

# ---- the environment chooses nothing ----------------------------------------
mkdir -p "$WORK/evil"; chmod 0755 "$WORK/evil"
# a holiday on every weekday in March 2025 would move every deadline
awk 'BEGIN { printf "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":[" ;
  for (d = 1; d <= 31; d++) printf "%s{\"title\":\"evil\",\"date\":\"2025-03-%02d\",\"notes\":\"\",\"bunting\":false}", (d > 1 ? "," : ""), d;
  printf "]}}" }' >"$WORK/evil/bank-holidays.json"
cat >"$WORK/evil.c" <<'EOF'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void evil(void)
{
	int fd = open("/tmp/cpdesk-privilege-evil", O_CREAT | O_WRONLY, 0666);
	if (fd >= 0) close(fd);
}
EOF
rm -f /tmp/cpdesk-privilege-evil
cc -shared -fPIC -o "$WORK/evil/cpdesk-ics.so" "$WORK/evil.c" || FAIL "building the evil module"
chmod 0755 "$WORK/evil/cpdesk-ics.so"
evil() { u=$1; shift; runuser -u "$u" -- env -i PATH=/usr/bin:/bin HOME=/ \
    CPDESK_LIBDIR="$WORK/evil" CPDESK_HOLIDAYS="$WORK/evil/bank-holidays.json" \
    CPDESK_DATADIR="$WORK/evil" "$C" --db borough --today 2025-03-10 "$@"; }
M2=$(evil "$U4" meeting add C2 icpc 2025-03-21 --time 11:00 --chair "$U2" \
    --minute-taker mt1 2>"$WORK/m2.err") ||
    { cat "$WORK/m2.err"; FAIL "meeting add with an evil environment"; }
evil "$U2" export ics --user "$U2" --from 2025-03-01 --to 2025-04-30 \
    >"$WORK/ics" 2>"$WORK/ics.err" || { cat "$WORK/ics.err"; FAIL "export ics with CPDESK_LIBDIR"; }
[ -e /tmp/cpdesk-privilege-evil ] && FAIL "CPDESK_LIBDIR loaded the user's module"
rm -f /tmp/cpdesk-privilege-evil
grep -q "BEGIN:VCALENDAR" "$WORK/ics" || FAIL "export ics made no calendar"
# a policy by name: only the installed one, never one beside the program
mkdir -p "$PREFIX/policies" && printf 'id: evil\n' >"$PREFIX/policies/swindon.yaml"
as "$U1" "$C" policy check swindon >"$WORK/pn" 2>"$WORK/pn.err" ||
    { cat "$WORK/pn.err"; FAIL "policy check swindon (by name)"; }
grep -q "^$PREFIX/share/cpdesk/policies/swindon.yaml: ok: policy swindon " "$WORK/pn" ||
    FAIL "policy check swindon did not read the installed policy: $(cat "$WORK/pn")"
rm -r "$PREFIX/policies"
# the ICPC's tasks are due as the shipped holidays say, not the evil ones
root task list --all --tsv 2>/dev/null |
    awk -F"$T" -v m="$M2" '$4 == m { print $7, $2 }' | sort >"$WORK/m2.due"
"$C" timeline --policy "$PREFIX/share/cpdesk/policies/generic.yaml" icpc \
    2025-03-21 --time 11:00 --tsv 2>/dev/null |
    awk -F"$T" 'NR > 1 { print $2, $1 }' | sort >"$WORK/m2.want"
[ -s "$WORK/m2.due" ] || FAIL "no tasks for the meeting added with an evil environment"
cmp -s "$WORK/m2.due" "$WORK/m2.want" ||
    { diff "$WORK/m2.want" "$WORK/m2.due"; FAIL "CPDESK_HOLIDAYS moved the deadlines written"; }
root check-store >"$WORK/cs" 2>&1 || { cat "$WORK/cs"; FAIL "check-store after the evil environment"; }
evil "$U1" holidays show >"$WORK/hs" 2>&1
grep -q "2018-2030" "$WORK/hs" || { cat "$WORK/hs"; FAIL "the store's holidays changed"; }
grep -q "evil" "$WORK/hs" && FAIL "the evil holidays are the store's"

# ---- who acts is the Unix user ---------------------------------------------
cw "$U1" --as "$U4" task list >/dev/null 2>"$WORK/as.err" && FAIL "a social worker acted --as QA"
root worker left "$U3" --reason "left the borough" 2>/dev/null || FAIL "marking $U3 left"
cw "$U3" task list >/dev/null 2>"$WORK/left.err"; rc=$?
[ "$rc" = 1 ] || FAIL "a left worker: exit $rc, want 1"
grep -q "left" "$WORK/left.err" || { cat "$WORK/left.err"; FAIL "the refusal does not say they left"; }

# only the password database names the real user: $USER does not
nouid=64999
while getent passwd "$nouid" >/dev/null; do nouid=$((nouid - 1)); done
setpriv --reuid="$nouid" --regid="$nouid" --clear-groups env -i PATH=/usr/bin:/bin \
    USER="$U4" LOGNAME="$U4" "$C" --db borough task list >/dev/null 2>"$WORK/nouid.err"; rc=$?
[ "$rc" = 1 ] || FAIL "a user id with no name, USER=$U4: exit $rc, want 1"
grep -q "no name in the password database" "$WORK/nouid.err" || { cat "$WORK/nouid.err"; FAIL "the no-name refusal"; }

# ---- root: links are refused, targets untouched -----------------------------
"$C" --db "$WORK/own" init --policy "$PREFIX/share/cpdesk/policies/generic.yaml" 2>/dev/null
echo "precious" >"$WORK/precious"; chmod 0644 "$WORK/precious"
rm -f "$WORK/own/lock.mdb"; ln -s "$WORK/precious" "$WORK/own/lock.mdb"
"$C" --db "$WORK/own" task list >/dev/null 2>"$WORK/link.err" && FAIL "a store whose lock.mdb is a link opened"
grep -q "not a regular file" "$WORK/link.err" || { cat "$WORK/link.err"; FAIL "the link refusal"; }
[ "$(cat "$WORK/precious")" = precious ] || FAIL "the link's target was written"
mkdir -p "$WORK/bk"; ln -s "$WORK/precious" "$WORK/bk/new"
root backup "$WORK/bk/new" 2>/dev/null && FAIL "backup over a link"
[ "$(stat -c %a "$WORK/precious")" = 644 ] || FAIL "backup changed the link's target's mode"
root backup "$WORK/bk/ok" 2>"$WORK/bk.err" || { cat "$WORK/bk.err"; FAIL "backup"; }
"$C" --db "$WORK/bk/ok" check-store >/dev/null 2>&1 || FAIL "the backup does not check out"

# ---- 16 writers as two users -------------------------------------------------
for i in $(seq 1 16); do
	if [ $((i % 2)) = 0 ]; then u=$U2; else u=$U4; fi
	( for j in 1 2 3; do
		d=$(printf '2025-%02d-%02d' $((4 + j)) $((6 + i)))
		cw "$u" meeting add C1 rcpc "$d" --time 09:00 --chair "$U2" --force \
		    --minute-taker mt1 --reason "w$i" >>"$WORK/ids.$i" 2>>"$WORK/w.err"
	done ) &
done
wait
n=$(cat "$WORK"/ids.* | sort -u | wc -l)
[ "$n" = 48 ] || { head -5 "$WORK/w.err"; FAIL "16 writers: $n distinct meetings, want 48"; }
root check-store >"$WORK/cs2" 2>&1 || { cat "$WORK/cs2"; FAIL "check-store after 16 writers"; }

# ---- fs.suid_dumpable=1: a process that changes its ids becomes
# traceable by its user for a moment (priv.c): refused -------------------------
if echo 1 >/proc/sys/fs/suid_dumpable 2>/dev/null; then
	# Under the sanitizers the leak check at exit stops the world by
	# tracing the process, which a kernel may refuse while it still holds
	# the group (it exits 1 then): that check is off for this one run.
	as "$U1" ASAN_OPTIONS=detect_leaks=0 "$C" --db borough --today 2025-03-10 \
	    task list >/dev/null 2>"$WORK/dumpable.err"; rc=$?
	echo "$dumpable_was" >/proc/sys/fs/suid_dumpable
	[ "$rc" = 3 ] || { cat "$WORK/dumpable.err"; FAIL "a setgid run with fs.suid_dumpable=1: exit $rc, want 3"; }
	grep -q "fs.suid_dumpable is 1" "$WORK/dumpable.err" || { cat "$WORK/dumpable.err"; FAIL "the suid_dumpable refusal"; }
else
	echo "note: fs.suid_dumpable cannot be set here: its refusal is not tried"
fi

# ---- two consoles as two users ------------------------------------------------
tmux -L "priv$sfx" -f /dev/null new-session -d -x 80 -y 24 -s a \
    "runuser -u $U1 -- env -i PATH=/usr/bin:/bin HOME=/ TERM=xterm $C --db borough --today 2025-03-10"
tmux -L "priv$sfx" new-session -d -x 80 -y 24 -s b \
    "runuser -u $U2 -- env -i PATH=/usr/bin:/bin HOME=/ TERM=xterm $C --db borough --today 2025-03-10"
wait_for() {  # SESSION TEXT
	for _ in $(seq 1 50); do
		tmux -L "priv$sfx" capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	tmux -L "priv$sfx" capture-pane -p -t "$1"; return 1
}
wait_for a "Sol Worker" || FAIL "the worker's console"
wait_for b "Cara Chair" || FAIL "the chair's console"
# a live console: the store open, the group given up, and nothing of it
# the worker can trace or read (non-dumpable after the drop too)
pid=$(pgrep -u "$U1" -x cpdesk | head -1)
if [ -z "$pid" ]; then
	FAIL "no console process of $U1"
else
	awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status" >"$WORK/gids"
	g1=$(id -g "$U1")
	[ "$(cat "$WORK/gids")" = "$g1 $g1 $g1 $g1" ] || FAIL "the console still holds a group: Gid $(cat "$WORK/gids")"
	ls -l "/proc/$pid/fd" | grep -q "data.mdb" || FAIL "the console has no store open (the check below would prove nothing)"
	as "$U1" ls "/proc/$pid/fd" >/dev/null 2>&1 && FAIL "a worker listed their console's descriptors"
	as "$U1" cat "/proc/$pid/environ" >/dev/null 2>&1 && FAIL "a worker read their console's environment"
	as "$U1" head -c1 "/proc/$pid/fd/3" >/dev/null 2>&1 && FAIL "a worker read through their console's descriptor"
fi
tmux -L "priv$sfx" send-keys -t a 3
wait_for a "Ben Green" || FAIL "the worker's children"
root child add C3 --name "Cy Newchild" --social-worker "$U1" 2>/dev/null
wait_for a "Cy Newchild" || FAIL "the worker's console did not follow another's write"
tmux -L "priv$sfx" send-keys -t a q
tmux -L "priv$sfx" send-keys -t b q

exit $fail
