# shellcheck shell=bash
# Doubles of dracut-lib for the hook tests (tests/unit/hooks.sh, overlay.sh): the real
# ones run in tests/unit/dracut-real.sh (which also holds these to them) and the e2e boots.

# dracut_lib_doubles: print POSIX sh definitions of getcmdline, getarg and
# getargbool over $CMDLINE, for a prelude. getarg splits as dracut's
# dracut-getarg does (the kernel's rules): a word ends at white space outside
# double quotes; a quote opening the word or its value, and the one closing
# it, are dropped; of each key the last word counts; a word without '='
# makes getarg succeed with no output.
dracut_lib_doubles() {
	cat << 'SH'
_dl_ws=$(printf ' \t\r\v\f\240\nx'); _dl_ws=${_dl_ws%x}
getcmdline() { printf '%s' "$CMDLINE"; }
# _dl_next: take the word at the start of $_dl_r off it: key _dl_k, value
# _dl_v, _dl_h=1 if it has a value.
_dl_next() {
	_dl_q=0 _dl_in=0 _dl_w='' _dl_i=0 _dl_e=0 _dl_vq=0 _dl_k='' _dl_v='' _dl_h=0
	case $_dl_r in \"*) _dl_r=${_dl_r#?} _dl_q=1 _dl_in=1 ;; esac
	while [ -n "$_dl_r" ]; do
		_dl_c=${_dl_r%"${_dl_r#?}"}
		case $_dl_c in [$_dl_ws]) [ $_dl_in = 0 ] && break ;; esac
		if [ $_dl_e = 0 ] && [ $_dl_i -gt 0 ] && [ "$_dl_c" = = ]; then _dl_e=$_dl_i _dl_k=$_dl_w; fi
		[ "$_dl_c" = '"' ] && _dl_in=$((1 - _dl_in))
		_dl_w=$_dl_w$_dl_c _dl_i=$((_dl_i + 1)) _dl_r=${_dl_r#?}
	done
	if [ $_dl_e = 0 ]; then
		_dl_k=$_dl_w
	else
		_dl_h=1 _dl_v=${_dl_w#"$_dl_k"=}
		case $_dl_v in \"*) _dl_v=${_dl_v#?} _dl_vq=1 ;; esac
	fi
	case $_dl_q$_dl_vq$_dl_w in 00*) ;; *\")
		if [ $_dl_h = 1 ]; then case $_dl_v in *\") _dl_v=${_dl_v%?} ;; esac
		else _dl_k=${_dl_k%?}; fi ;;
	esac
}
getarg() {
	_dl_s=${1%%=*} _dl_f=1 _dl_o='' _dl_oh=0 _dl_r=$CMDLINE
	while :; do
		_dl_r=${_dl_r#"${_dl_r%%[!$_dl_ws]*}"}
		[ -n "$_dl_r" ] || break
		_dl_next
		[ "$_dl_k" = "$_dl_s" ] && _dl_f=0 _dl_o=$_dl_v _dl_oh=$_dl_h
	done
	[ $_dl_f = 0 ] || return 1
	[ $_dl_oh = 1 ] && printf '%s\n' "$_dl_o"
	return 0
}
getargbool() { _b=$(getarg "$2") || _b=$1; case "$_b" in 0|no|off) return 1 ;; esac; return 0; }
SH
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
