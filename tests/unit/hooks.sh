#!/bin/bash
# The 50aoe hooks' decisions, as a table: given a kernel command line, what
# the cmdline hook queues, how it rewrites root=, what reaches aoe-up,
# and which timeout it enforces. dracut-lib is replaced by small doubles
# (getarg: quotes and the last word, as dracut's; tests/unit/dracut-real.sh
# holds them to the real one); aoe-up --check is the real helper.
set -u
cd "$(dirname "$0")/../.." || exit 1
mod=$PWD/modules.d/50aoe
tmp=$(mktemp -d)
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
trap 'rm -rf "$tmp"' EXIT

# A recording aoe-up (aoe_up_stub): --check runs the real helper.
make -s -C src > /dev/null 2>&1 || { fail "helper build" "make -C src failed"; exit 1; }
mkdir -p "$tmp/bin"
aoe_up_stub "$tmp/bin/aoe-up" "$PWD/src/aoe-up" "$tmp/nofw"

# hook_env CMDLINE: a shell prelude with dracut-lib doubles over CMDLINE.
hook_env() {
	cat << ENV
CMDLINE='$1'
hookdir=$tmp/hooks
PATH=$tmp/bin:\$PATH
export AOE_UP_LOG=$tmp/args
export STUB_ABFT='${STUB_ABFT:-}' STUB_RAW='${STUB_RAW:-}'
aoe_rundir=$tmp/run
$(dracut_lib_doubles)
warn() { echo "warn: \$*" >> $tmp/warn; }
die() {
	echo "die: \$*" >> $tmp/die
	# as dracut's die(): the message inside double quotes, sourced later
	echo "warn dracut: FATAL: \\"\$*\\"" >> $tmp/01-die.sh
	exit 1
}
need_shutdown() { : > $tmp/shutdown; }
ENV
}

# run_hook CMDLINE [SHELL_ASSIGNMENTS]: source parse-aoe.sh under CMDLINE with
# dash (after the assignments, e.g. DRACUT_SYSTEMD=1); print
# "queued=<y|n> root=<root> rootok=<v> shutdown=<y|n> die=<message>", queued
# meaning the initqueue job, its work file and the early-start marker exist.
run_hook() {
	rm -rf "$tmp/hooks" "$tmp/die" "$tmp/shutdown" "$tmp/args" "$tmp/warn" "$tmp/run"
	mkdir -p "$tmp/hooks/initqueue"
	{
		hook_env "$1"
		echo "${2:-}"
		echo "root=\$(getarg root=)"
		echo ". $mod/aoe-lib.sh"
		echo ". $mod/aoe-overlay.sh"
		echo ". $mod/aoe-scope.sh"
		echo ". $mod/parse-aoe.sh"
		# shellcheck disable=SC2016 # expands in the hook's shell
		echo 'echo "root=$root rootok=${rootok:-}"'
	} > "$tmp/run.sh"
	local out q s d
	out=$(dash "$tmp/run.sh" 2> /dev/null)
	q=n; [ -f "$tmp/hooks/initqueue/aoe-up.sh" ] && [ -f "$tmp/hooks/initqueue/work" ] && [ -f "$tmp/run/wanted" ] && q=y
	s=n; [ -f "$tmp/shutdown" ] && s=y
	d=$(cat "$tmp/die" 2> /dev/null)
	echo "queued=$q ${out:-root=? rootok=?} shutdown=$s die=${d#die: }"
}

# lib_call CMDLINE FUNCTION [ARGS]: run an aoe-lib.sh function under CMDLINE.
lib_call() {
	rm -f "$tmp/args" "$tmp/warn"
	{ hook_env "$1"; echo ". $mod/aoe-lib.sh"; shift; echo "$*"; } > "$tmp/run.sh"
	dash "$tmp/run.sh" 2> /dev/null
}

# --- which root is on AoE (aoe_target) -------------------------------------
#     command line                                   target printed
t() { check_eq "aoe_target [$1]" "$(lib_call "$1" aoe_target || echo no)" "$2"; }
t "root=/dev/etherd/e0.1p1"                          "e0.1p1"
t "root=block:/dev/etherd/e3.7p2"                    "e3.7p2"
t "root=/dev/etherd/e0.1"                            "e0.1"
t "root=UUID=1234 rd.aoe.target=e0.1"                "e0.1"
t "root=UUID=1234 rd.aoe.target=/dev/etherd/e2.3p4"  "e2.3p4"
t "root=/dev/sda1"                                   "no"
t "root=/dev/sda1 rd.aoe.target="                    ""
t "root=UUID=1234"                                   "no"
t ""                                                 "no"
t "root=aoe:e0.1p1"                                  "e0.1p1"
t "root=aoe:e4.2"                                    "e4.2"
t "root=UUID=1234 netroot=aoe:e0.1"                  "e0.1"
t "netroot=aoe:e0.2p3"                               "e0.2p3"
t "root=UUID=1234 netroot=nbd:srv:disk"              "no"
t "root=/dev/etherd/e0.1p1 netroot=aoe:e0.2"         "e0.1p1"
# iPXE's sanboot left an aBFT: it names the disk when no option does
ta() { check_eq "aoe_target with aBFT [$1]" "$(STUB_ABFT="e0.7 52:54:00:ae:00:01" lib_call "$1" aoe_target || echo no)" "$2"; }
ta "root=UUID=1234"                                  "e0.7"
ta "root=UUID=1234 rd.aoe.abft=0"                    "no"
ta "root=UUID=1234 rd.aoe.target=e0.3"               "e0.3"
ta "root=/dev/etherd/e0.1p1"                         "e0.1p1"

# --- the cmdline hook ---------------------------------------------------------
#     command line                        queued, root rewrite, shutdown, die message
h() { check_eq "parse-aoe [$1]" "$(run_hook "$1")" "$2"; }
h "root=/dev/etherd/e0.1p1" \
  "queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
h "root=block:/dev/etherd/e0.1p1" \
  "queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
h "root=UUID=1234 rd.aoe.target=e0.1" \
  "queued=y root=UUID=1234 rootok= shutdown=y die="
h "root=/dev/sda1" \
  "queued=n root=/dev/sda1 rootok= shutdown=n die="
h "rd.aoe=0 root=/dev/etherd/e0.1p1" \
  "queued=n root=/dev/etherd/e0.1p1 rootok= shutdown=n die="
h "rd.aoe=1 root=/dev/etherd/e0.1p1" \
  "queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
h "root=/dev/sda1 rd.aoe.target=bad" \
  "queued=n root=? rootok=? shutdown=n die=aoe-up: rd.aoe.target=bad: expected eSHELF.SLOT[pPART] (shelf 0-65534 except 4095, slot 0-254, partition 1-15)"
h "root=/dev/etherd/e0.1p1 rd.aoe.mtu=bad" \
  "queued=n root=? rootok=? shutdown=n die=aoe-up: rd.aoe.mtu=bad: expected auto, keep or a number 68-65535"
h "root=aoe:e0.1p1" \
  "queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
h "root=aoe:e0.1" \
  "queued=y root=block:/dev/etherd/e0.1 rootok=1 shutdown=y die="
h "netroot=aoe:e0.1p1" \
  "queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
h "netroot=aoe:e0.1" \
  "queued=y root= rootok= shutdown=y die="
h "root=UUID=1234 netroot=aoe:e0.1p1" \
  "queued=y root=UUID=1234 rootok= shutdown=y die="
h "root=UUID=1234" \
  "queued=n root=UUID=1234 rootok= shutdown=n die="
ha() { check_eq "parse-aoe with aBFT [$1]" "$(STUB_ABFT="e0.7 52:54:00:ae:00:01" run_hook "$1")" "$2"; }
ha "root=UUID=1234" \
  "queued=y root=UUID=1234 rootok= shutdown=y die="
ha "root=UUID=1234 rd.aoe.abft=0" \
  "queued=n root=UUID=1234 rootok= shutdown=n die="
ha "root=UUID=1234 rd.aoe=0" \
  "queued=n root=UUID=1234 rootok= shutdown=n die="
# systemd: root=aoe: gets its own sysroot.mount (the fstab generator's would mount "aoe:...")
cat > "$tmp/bin/systemctl" << 'STUB'
#!/bin/sh
echo "systemctl $*" >> "$AOE_UP_LOG.systemctl"
STUB
chmod +x "$tmp/bin/systemctl"
for cl in "root=aoe:e0.1p1 ro rootfstype=ext4" "netroot=aoe:e0.1p1"; do
	rm -rf "$tmp/units" "$tmp/args.systemctl"
	case $cl in *ro*) pre="DRACUT_SYSTEMD=1 aoe_unitdir=$tmp/units fstype=ext4 rflags=ro" ;;
	*) pre="DRACUT_SYSTEMD=1 aoe_unitdir=$tmp/units" ;; esac
	got=$(run_hook "$cl" "$pre")
	check_eq "parse-aoe under systemd [$cl]: root rewritten" "$got" \
		"queued=y root=block:/dev/etherd/e0.1p1 rootok=1 shutdown=y die="
	check_eq "parse-aoe under systemd [$cl]: sysroot.mount" \
		"$(tr '\n' ' ' < "$tmp/units/sysroot.mount" 2>&1)" \
		"[Unit] Description=/sysroot on the AoE disk /dev/etherd/e0.1p1 Before=initrd-root-fs.target After=dracut-initqueue.service [Mount] What=/dev/etherd/e0.1p1 Where=/sysroot Type=$(case $cl in *ro*) echo ext4;; *) echo auto;; esac) Options=$(case $cl in *ro*) echo ro;; *) echo defaults;; esac) "
	check_eq "parse-aoe under systemd [$cl]: required by initrd-root-fs.target, reloaded" \
		"$(readlink "$tmp/units/initrd-root-fs.target.requires/sysroot.mount") $(cat "$tmp/args.systemctl" 2>&1)" \
		"../sysroot.mount systemctl --no-block daemon-reload"
done
rm -rf "$tmp/units"
run_hook "root=UUID=1234 rd.aoe.target=e0.1" "DRACUT_SYSTEMD=1 aoe_unitdir=$tmp/units" > /dev/null
check_eq "parse-aoe under systemd, root=UUID: no sysroot.mount of ours" "$(ls "$tmp/units" 2>&1)" \
	"ls: cannot access '$tmp/units': No such file or directory"

# no AoE option and no aBFT: one look at the firmware table, nothing else
run_hook "root=UUID=1234" > /dev/null
check_eq "parse-aoe without an AoE root only reads the aBFT" "$(cat "$tmp/args" 2>&1)" "--show-abft"
run_hook "root=/dev/sda1 rd.aoe=0" > /dev/null
check_eq "parse-aoe with rd.aoe=0 runs no aoe-up at all" "$(cat "$tmp/args" 2>&1)" "cat: $tmp/args: No such file or directory"

# --- nothing from the command line or from aoe-up ever runs ------------------
# The stub aoe-up echoes the command line raw (as a helper that did not quote
# it would: STUB_RAW); the hook dies; the emergency hook dracut's die() wrote is then
# sourced, as dracut does. No command in the word may have run.
# run_emergency: source what die wrote, in $tmp/cwd; print what warn got.
run_emergency() {
	rm -rf "$tmp/cwd" "$tmp/emerg"; mkdir -p "$tmp/cwd"
	printf 'warn() { printf "%%s\\n" "$*" >> %s; }\n. %s\n' "$tmp/emerg" "$tmp/01-die.sh" > "$tmp/src.sh"
	(cd "$tmp/cwd" && dash "$tmp/src.sh" 2> /dev/null)
	cat "$tmp/emerg" 2> /dev/null
}
# inert NAME CMDLINE WANT: parse-aoe dies with WANT (what warn prints) and
# nothing ran (no file "pwned" made).
inert() {
	rm -f "$tmp/01-die.sh"
	STUB_RAW=1 run_hook "$2" > /dev/null
	local got; got=$(run_emergency)
	if [ -e "$tmp/cwd/pwned" ]; then fail "inert die [$1]" "the command ran"
	else check_eq "inert die [$1]" "$got" "$3"; fi
}
# shellcheck disable=SC2016 # the literal text is the point
{
inert 'dollar-paren' 'root=/dev/etherd/e0.1 rd.aoe.mtu=bad$(touch${IFS}pwned)' \
  'dracut: FATAL: aoe-up: --cmdline=root=/dev/etherd/e0.1 rd.aoe.mtu=bad?(touch?{IFS}pwned): stub error'
inert 'backticks' 'root=/dev/etherd/e0.1 rd.aoe.if=bad`touch${IFS}pwned`' \
  'dracut: FATAL: aoe-up: --cmdline=root=/dev/etherd/e0.1 rd.aoe.if=bad?touch?{IFS}pwned?: stub error'
inert 'a quote' 'root=/dev/etherd/e0.1 rd.aoe.if=bad";touch${IFS}pwned;"' \
  'dracut: FATAL: aoe-up: --cmdline=root=/dev/etherd/e0.1 rd.aoe.if=bad?;touch?{IFS}pwned;?: stub error'
inert 'a backslash' "root=/dev/etherd/e0.1 rd.aoe.if=bad\\" \
  'dracut: FATAL: aoe-up: --cmdline=root=/dev/etherd/e0.1 rd.aoe.if=bad?: stub error'
}
# The real helper on the same lines: its own line, inert too
# shellcheck disable=SC2016 # the literal text is the point
inert_real() {
	rm -f "$tmp/01-die.sh"
	run_hook "$2" > /dev/null
	local got; got=$(run_emergency)
	if [ -e "$tmp/cwd/pwned" ]; then fail "inert die, real aoe-up [$1]" "the command ran"
	else check_eq "inert die, real aoe-up [$1]" "$got" "$3"; fi
}
# shellcheck disable=SC2016 # the literal text is the point
{
inert_real 'quoted overlay' 'root=/dev/etherd/e0.1 "rd.aoe.overlay=$(touch pwned)"' \
  'dracut: FATAL: aoe-up: rd.aoe.overlay=?(touch pwned): expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or a number with k, m or g) or eSHELF.SLOT[pPART]'
inert_real 'repeated overlay' 'root=/dev/etherd/e0.1 rd.aoe.overlay=tmpfs rd.aoe.overlay=`touch${IFS}pwned`' \
  'dracut: FATAL: aoe-up: rd.aoe.overlay=?touch?{IFS}pwned?: expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or a number with k, m or g) or eSHELF.SLOT[pPART]'
inert_real 'netroot with rd.aoe.target' 'rd.aoe.target=e0.1 netroot=aoe:e$(touch${IFS}pwned)p1' \
  'dracut: FATAL: aoe-up: netroot=aoe:e?(touch?{IFS}pwned)p1: expected aoe:eSHELF.SLOT[pPART] (shelf 0-65534 except 4095, slot 0-254, partition 1-15)'
inert_real 'quoted bad pin' 'root=aoe:e0.1 "rd.aoe.mac=$(touch pwned)"' \
  'dracut: FATAL: aoe-up: rd.aoe.mac=?(touch pwned): expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)'
}

# aoe-root.sh (here running the search itself, aoe-start.sh, as when no early
# start happened): a status line from aoe-up (here hostile) and a hostile
# rd.aoe.target= reach die() inert too.
# root_inert NAME CMDLINE STATUS WANT
mkdir -p "$tmp/rbin"
cat > "$tmp/rbin/aoe-up" << STUB
#!/bin/sh
[ -s "$tmp/status" ] && cat "$tmp/status" > "$tmp/run/status"
exit 1
STUB
chmod +x "$tmp/rbin/aoe-up"
root_inert() {
	rm -rf "$tmp/01-die.sh" "$tmp/run"
	mkdir -p "$tmp/run"
	[ -e "$tmp/options" ] && cp "$tmp/options" "$tmp/run/options"
	printf '%s' "$3" > "$tmp/status"
	{
		hook_env "$2"
		echo "PATH=$tmp/rbin:\$PATH"
		echo "aoe_libdir=$mod"
		echo ". $mod/aoe-lib.sh"
		echo ". $mod/aoe-root.sh"
	} > "$tmp/run.sh"
	dash "$tmp/run.sh" > /dev/null 2>&1
	local got; got=$(run_emergency)
	if [ -e "$tmp/cwd/pwned" ]; then fail "inert die [aoe-root $1]" "the command ran"
	else check_eq "inert die [aoe-root $1]" "$got" "$4"; fi
}
# shellcheck disable=SC2016 # the literal text is the point
{
root_inert 'status line' 'root=/dev/etherd/e0.1' 'aoe-up: $(touch pwned) `touch pwned` '\\ \
  'dracut: FATAL: AoE root not found: aoe-up: ?(touch pwned) ?touch pwned? ?'
# the target named is the one aoe-up --check printed (the cmdline hook's
# options file), never the command line's raw text
printf 'target=e0.1\n' > "$tmp/options"
root_inert 'target' 'root=UUID=1 "rd.aoe.target=e0.1$(touch${IFS}pwned)"' '' \
  'dracut: FATAL: AoE root not found: aoe-up failed for e0.1'
}

# --- the early start: the search runs from udevd's start, aoe-root.sh waits --
# early NAME PRELUDE WANT: run aoe-pretrigger.sh then aoe-root.sh (shell) or
# aoe-root.sh alone (systemd, PRELUDE sets DRACUT_SYSTEMD); print the die line
# or "ok", the aoe-up runs and the systemctl calls.
cat > "$tmp/rbin/aoe-up-ok" << STUB
#!/bin/sh
echo "aoe-up \$*" >> "$tmp/early.log"
echo "aoe-up: found e0.1p1: stub" > "$tmp/run/status"
exit \${STUB_RC:-0}
STUB
chmod +x "$tmp/rbin/aoe-up-ok"
early() {
	rm -rf "$tmp/run" "$tmp/early.log" "$tmp/die" "$AOE_UP_LOG.systemctl"
	mkdir -p "$tmp/run"
	: > "$tmp/run/wanted"
	{
		hook_env "root=/dev/etherd/e0.1p1"
		echo "$2"
		echo "mkdir -p $tmp/ebin; ln -sf $tmp/rbin/aoe-up-ok $tmp/ebin/aoe-up; PATH=$tmp/ebin:\$PATH"
		echo "aoe_libdir=$mod"
		echo ". $mod/aoe-lib.sh"
		case $2 in *DRACUT_SYSTEMD*) ;; *) echo ". $mod/aoe-pretrigger.sh" ;; esac
		echo ". $mod/aoe-root.sh"
		echo 'echo ok'
	} > "$tmp/run.sh"
	local out
	out=$(dash "$tmp/run.sh" 2> /dev/null | tail -n1)
	[ -s "$tmp/die" ] && out=$(cat "$tmp/die")
	check_eq "early start [$1]" "$out; $( (grep -c . "$tmp/early.log" 2>/dev/null) || echo 0) run; $(cat "$AOE_UP_LOG.systemctl" 2>/dev/null)" "$3"
}
AOE_UP_LOG=$tmp/args
early "shell: pre-trigger starts it, the initqueue waits, found" "" "ok; 1 run; "
early "shell: the search failed: die with its line" "export STUB_RC=1" \
	"die: AoE root not found: aoe-up: found e0.1p1: stub; 1 run; "
early "systemd: aoe-up.service ran it, the job joins it" \
	"DRACUT_SYSTEMD=1; echo 0 > $tmp/run/rc" "ok; 0 run; systemctl start aoe-up.service"
early "systemd: the service failed: die with its line" \
	"DRACUT_SYSTEMD=1; echo 1 > $tmp/run/rc; echo 'aoe-up: e0.1p1 not found within 90 s' > $tmp/run/status" \
	"die: AoE root not found: aoe-up: e0.1p1 not found within 90 s; 0 run; systemctl start aoe-up.service"

# --- what aoe-up gets (aoe_up): the whole command line, to split as getarg does
#     command line                                      aoe-up's arguments
a() { lib_call "$1" aoe_up --check > /dev/null; check_eq "aoe_up args [$1]" "$(cat "$tmp/args" 2>&1)" "$2"; }
a "root=/dev/etherd/e0.1p1" \
  "--abft --cmdline=root=/dev/etherd/e0.1p1 --check"
a 'quiet "rd.aoe.if=ens3" root=aoe:e0.1 rd.aoe.mac="52:54:00:aa:00:01"' \
  '--abft --cmdline=quiet "rd.aoe.if=ens3" root=aoe:e0.1 rd.aoe.mac="52:54:00:aa:00:01" --check'
a "root=/dev/etherd/e0.1p1 rd.debug" \
  "-v --abft --cmdline=root=/dev/etherd/e0.1p1 rd.debug --check"

# --- what the hooks act on: only what aoe-up --check printed back (aoe_opt) ---
# opts CMDLINE: the options file parse-aoe.sh leaves, lines joined by ' '
o() { run_hook "$1" > /dev/null; check_eq "options [$1]" "$(tr '\n' ' ' 2> /dev/null < "$tmp/run/options" || echo none)" "$2"; }
o "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs" \
  "target=e0.1p1 root=/dev/etherd/e0.1p1 overlay=tmpfs overlay.format=0 overlay.reset=0 "
o 'root=aoe:e0.1p1 rd.aoe.overlay=tmpfs "rd.aoe.overlay=e0.2" rd.aoe.overlay.format="1"' \
  "target=e0.1p1 root=aoe:e0.1p1 overlay=e0.2 overlay.format=1 overlay.reset=0 "
o "root=UUID=1 netroot=aoe:e0.1 netroot=nbd:x" \
  "none"

# --- the timeout must end before dracut gives up (aoe_timeout_max) -------------
#     command line                         word added (empty: none)
m() { check_eq "timeout max [$1]" "$(lib_call "$1" aoe_timeout_max)" "$2"; }
m ""                                       ""
m "rd.aoe.timeout=120"                     ""
m "rd.aoe.timeout=121"                     "rd.aoe.timeout=120"
m "rd.retry=60"                            "rd.aoe.timeout=40"
m "rd.retry=60 rd.aoe.timeout=30"          ""
m "rd.retry=1"                             "rd.aoe.timeout=1"
m "rd.aoe.timeout=soon"                    ""
m "rd.timeout=30"                          "rd.aoe.timeout=29"
m "rd.timeout=0"                           ""
m "rd.timeout=200 rd.aoe.timeout=150"      "rd.aoe.timeout=120"

w() { lib_call "$1" aoe_timeout_max > /dev/null; check_eq "timeout warning [$1]" "$(cat "$tmp/warn" 2>&1)" "$2"; }
w "rd.retry=60" \
  "warn: the default rd.aoe.timeout (90 s) does not end before 2/3 of rd.retry=60; using rd.aoe.timeout=40"
w "rd.aoe.timeout=100 rd.timeout=50" \
  "warn: rd.aoe.timeout=100 does not end before rd.timeout=50; using rd.aoe.timeout=49"

# --- with the real helper: a mistyped option dies naming it --------------------
if [ -x src/aoe-up ]; then
	cp src/aoe-up "$tmp/bin/aoe-up"
	for cl in "rd.aoe.mtu=huge" "rd.aoe.timeout=soon" "rd.aoe.mut=9000"; do
		got=$(run_hook "root=/dev/etherd/e0.1p1 $cl")
		case "$got" in
			*"die=aoe-up: ${cl%%=*}"*) pass "real aoe-up --check names the option [$cl]" ;;
			*) fail "real aoe-up --check names the option [$cl]" "$got" ;;
		esac
	done
	for cl in "root=/dev/etherd/e65535.1" "root=/dev/etherd/e0.255" "root=/dev/etherd/e0.1p0" "root=block:/dev/etherd/e0.1p0" "root=aoe:e0.1q" "root=aoe:"; do
		got=$(run_hook "$cl")
		case "$got" in
			*"die=aoe-up: root="*) pass "real aoe-up --check rejects [$cl]" ;;
			*) fail "real aoe-up --check rejects [$cl]" "$got" ;;
		esac
	done
	got=$(run_hook "root=UUID=1 netroot=aoe:e0.x")
	case "$got" in
		*"die=aoe-up: netroot=aoe:e0.x: expected aoe:eSHELF.SLOT"*) pass "real aoe-up --check rejects [netroot=aoe:e0.x]" ;;
		*) fail "real aoe-up --check rejects [netroot=aoe:e0.x]" "$got" ;;
	esac
else
	skip "real aoe-up --check" "src/aoe-up not built (run make)"
fi
