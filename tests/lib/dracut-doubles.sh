# shellcheck shell=bash
# Doubles of dracut-lib for the hook tests (tests/unit/hooks.sh, overlay.sh): the real
# ones run in tests/unit/dracut-real.sh (which also holds these to them) and the e2e boots.

# dracut_lib_doubles: print POSIX sh definitions of getcmdline (over
# $CMDLINE), getarg and getargbool, for a prelude. getarg and getargbool are
# the ones initramfs-tools images ship (initramfs-tools/aoe-getarg.sh), which
# split as dracut's dracut-getarg does: tests/unit/dracut-real.sh holds them
# to it.
dracut_lib_doubles() {
	# shellcheck disable=SC2016 # expands in the prelude
	printf '%s\n' 'getcmdline() { printf "%s" "$CMDLINE"; }'
	cat "$(dirname "${BASH_SOURCE[0]}")/../../initramfs-tools/aoe-getarg.sh"
}

# aoe_up_stub FILE HELPER NOFW: write to FILE a recording aoe-up for the hook
# tests: logs its arguments to $AOE_UP_LOG (when set); --show-abft prints
# $STUB_ABFT, or fails if empty; --cmdline= fails naming the raw text when
# $STUB_RAW is set (a helper that does not make it inert); --check (or -n)
# runs the real HELPER with --prefix=NOFW (the firmware it would read is
# $STUB_ABFT's target, given first so that the command line's wins); the
# search succeeds.
aoe_up_stub() {
	cat > "$1" << STUB
#!/bin/sh
[ -n "\$AOE_UP_LOG" ] && printf '%s\n' "\$*" >> "\$AOE_UP_LOG"
if [ "\$1" = --show-abft ]; then
	[ -n "\$STUB_ABFT" ] || exit 1
	echo "\$STUB_ABFT"
	exit 0
fi
for a; do
	case "\$a" in
		--cmdline=*) [ -n "\$STUB_RAW" ] && { echo "aoe-up: \$a: stub error" >&2; exit 2; } ;;
		--check | -n)
			[ -n "\$STUB_ABFT" ] && set -- "rd.aoe.target=\${STUB_ABFT%% *}" "\$@"
			exec "$2" --prefix="$3" "\$@"
			;;
	esac
done
exit 0
STUB
	chmod +x "$1"
}
