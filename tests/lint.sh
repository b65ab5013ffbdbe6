#!/bin/bash
# Static checks: shellcheck on every shell file, and the initramfs hooks parsed
# by each shell an initrd may run them with (dash, busybox ash, bash).
set -u
cd "$(dirname "$0")/.." || exit 1

# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

# module-setup.sh runs in dracut's bash, the other modules.d files in the initrd's sh
# initramfs-tools' hook and boot scripts run in its sh (busybox or dash)
itr=(initramfs-tools/hooks/aoe-boot initramfs-tools/scripts/*/aoe-boot)
mapfile -t files < <(git ls-files '*.sh' .ci/run lab/aoe-lab system/aoe-watch system/ifdown-guard system/dhclient-enter-hook system/aoe-boot.shutdown tests/lib/systemctl-ns "${itr[@]}")
# sc_how FILE: the options shellcheck checks FILE with.
sc_how() {
	case "$1" in
		modules.d/50aoe/module-setup.sh) echo "-s bash" ;;
		modules.d/* | initramfs-tools/* | system/ifdown-guard | system/dhclient-enter-hook | system/aoe-boot.shutdown) echo "-s sh" ;;
		*) echo "-x" ;;
	esac
}
if command -v shellcheck > /dev/null; then
	# one shellcheck per core (about 100 s one at a time on two cores), the
	# results reported in file order
	sc=$(mktemp -d)
	trap 'rm -rf "$sc"' EXIT
	i=0
	for f in "${files[@]}"; do
		printf '%s\t%s\t%s\n' "$i" "$(sc_how "$f")" "$f"
		i=$((i + 1))
	done > "$sc/jobs"
	# shellcheck disable=SC2016 # expands in the job's shell
	tr '\n' '\0' < "$sc/jobs" | xargs -0 -P "$(nproc 2> /dev/null || echo 2)" -n 1 bash -c '
		IFS=$(printf "\t") read -r i how f <<< "$1"
		# shellcheck disable=SC2086 # the options are words
		shellcheck $how "$f" > "'"$sc"'/$i.out" 2>&1
		echo $? > "'"$sc"'/$i.rc"' _
	i=0
	for f in "${files[@]}"; do
		rc=$(cat "$sc/$i.rc" 2> /dev/null || echo "not run")
		if [ "$rc" = 0 ]; then
			pass "shellcheck $f"
		else
			fail "shellcheck $f" "exit $rc"
			sed 's/^/    /' "$sc/$i.out" 2> /dev/null | head -40
		fi
		i=$((i + 1))
	done
else
	for f in "${files[@]}"; do skip "shellcheck $f" "not installed (apt-get install shellcheck)"; done
fi

for hook in modules.d/50aoe/aoe-lib.sh modules.d/50aoe/parse-aoe.sh modules.d/50aoe/aoe-root.sh modules.d/50aoe/aoe-start.sh modules.d/50aoe/aoe-pretrigger.sh modules.d/50aoe/aoe-overlay.sh modules.d/50aoe/mount-overlay.sh modules.d/50aoe/aoe-scope.sh modules.d/50aoe/aoe-rival.sh initramfs-tools/*.sh "${itr[@]}"; do
	for sh in dash "busybox ash" bash; do
		if command -v "${sh%% *}" > /dev/null; then
			# shellcheck disable=SC2086 # "busybox ash" is two words
			check_quiet "$sh -n $hook" $sh -n "$hook"
		else
			skip "$sh -n $hook" "${sh%% *} not installed"
		fi
	done
done
# Every FATAL line of the module goes through aoe_die (aoe_safe: inert in the
# emergency hook dracut's die writes and sources later): no other die call.
bare=$(grep -nE '(^|[^_[:alnum:]])die( |$)' modules.d/50aoe/*.sh | grep -vE '^[^:]+:[0-9]+: *#' |
	grep -vE '^modules.d/50aoe/aoe-lib.sh:[0-9]+: +die "\$\(aoe_safe "\$\*"\)"$')
check "no bare die in modules.d/50aoe (aoe_die only)" "${bare//$'\n'/ }" [ -z "$bare" ]
# ... and in initramfs-tools/: no die or panic but aoe-itr-lib.sh's die, which
# aoe_die calls (panic's echo reads backslashes; aoe_safe makes them '?')
bare=$(grep -nE '(^|[^_[:alnum:]])(die|panic)( |$)' initramfs-tools/*.sh "${itr[@]}" | grep -vE '^[^:]+:[0-9]+: *#' |
	grep -vE '^initramfs-tools/aoe-itr-lib.sh:[0-9]+: *(panic "aoe-boot: FATAL: \$\*"|die\(\) \{|if command -v panic > /dev/null; then|if ! command -v panic > /dev/null && \[ -r .*)$')
check "no bare die or panic in initramfs-tools/ (aoe_die only)" "${bare//$'\n'/ }" [ -z "$bare" ]
# the command line is read by getarg (aoe-getarg.sh), never split by the shell
loops=$(grep -nE '\$\(cat /proc/cmdline\)|\beval\b' initramfs-tools/*.sh "${itr[@]}" modules.d/50aoe/*.sh | grep -vE '^[^:]+:[0-9]+: *#')
check "no eval, no \$(cat /proc/cmdline) in the boot scripts" "${loops//$'\n'/ }" [ -z "$loops" ]
tap_exit
