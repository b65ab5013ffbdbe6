# shellcheck shell=bash
# Doubles of dracut-lib for the hook tests (tests/unit/hooks.sh, overlay.sh): the real
# ones run in the e2e boots.

# dracut_lib_doubles: print POSIX sh definitions of getcmdline, getarg (the
# last word wins, as dracut's) and getargbool over $CMDLINE, for a prelude.
dracut_lib_doubles() {
	cat << 'SH'
getcmdline() { printf '%s' "$CMDLINE"; }
getarg() {
	_k=${1%%=*} _v= _f=1
	for _w in $CMDLINE; do
		case "$_w" in "$_k="*) _v=${_w#*=} _f=0 ;; "$_k") _v=1 _f=0 ;; esac
	done
	[ $_f = 0 ] && echo "$_v"; return $_f
}
getargbool() { _b=$(getarg "$2") || _b=$1; case "$_b" in 0|no|off) return 1 ;; esac; return 0; }
SH
}
