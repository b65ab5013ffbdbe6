# shellcheck shell=sh
# getarg and getargbool for initramfs-tools images, over getcmdline (defined
# by the caller: aoe-itr-lib.sh, or the tests' doubles). They split the
# command line as dracut's dracut-getarg does (the kernel's rules), so that
# both generators, and aoe-up --cmdline, read the same values: a word ends at
# white space outside double quotes; a quote opening the word or its value,
# and the one closing it, are dropped; of each key the last word counts; a
# word without '=' makes getarg succeed with no output. Parameter expansion
# only: nothing from the command line is ever evaluated.
# tests/unit/dracut-real.sh holds this to dracut's own getarg.

_ag_ws=$(printf ' \t\r\v\f\240\nx')
_ag_ws=${_ag_ws%x}

# _ag_next: take the word at the start of $_ag_r off it: key _ag_k, value
# _ag_v, _ag_h=1 if it has a value.
_ag_next() {
    _ag_q=0 _ag_in=0 _ag_w='' _ag_i=0 _ag_e=0 _ag_vq=0 _ag_k='' _ag_v='' _ag_h=0
    case $_ag_r in \"*) _ag_r=${_ag_r#?} _ag_q=1 _ag_in=1 ;; esac
    while [ -n "$_ag_r" ]; do
        _ag_c=${_ag_r%"${_ag_r#?}"}
        case $_ag_c in [$_ag_ws]) [ $_ag_in = 0 ] && break ;; esac
        if [ $_ag_e = 0 ] && [ $_ag_i -gt 0 ] && [ "$_ag_c" = = ]; then _ag_e=$_ag_i _ag_k=$_ag_w; fi
        [ "$_ag_c" = '"' ] && _ag_in=$((1 - _ag_in))
        _ag_w=$_ag_w$_ag_c _ag_i=$((_ag_i + 1)) _ag_r=${_ag_r#?}
    done
    if [ $_ag_e = 0 ]; then
        _ag_k=$_ag_w
    else
        _ag_h=1 _ag_v=${_ag_w#"$_ag_k"=}
        case $_ag_v in \"*) _ag_v=${_ag_v#?} _ag_vq=1 ;; esac
    fi
    case $_ag_q$_ag_vq$_ag_w in
        00*) ;;
        *\")
            if [ $_ag_h = 1 ]; then
                case $_ag_v in *\") _ag_v=${_ag_v%?} ;; esac
            else
                _ag_k=${_ag_k%?}
            fi
            ;;
    esac
}

# getarg KEY[=]: print the value of the last word KEY=VALUE; true if KEY is
# on the command line at all.
getarg() {
    _ag_s=${1%%=*} _ag_f=1 _ag_o='' _ag_oh=0 _ag_r=$(getcmdline)
    while :; do
        _ag_r=${_ag_r#"${_ag_r%%[!"$_ag_ws"]*}"}
        [ -n "$_ag_r" ] || break
        _ag_next
        [ "$_ag_k" = "$_ag_s" ] && _ag_f=0 _ag_o=$_ag_v _ag_oh=$_ag_h
    done
    [ $_ag_f = 0 ] || return 1
    [ $_ag_oh = 1 ] && printf '%s\n' "$_ag_o"
    return 0
}

# getargbool DEFAULT KEY: false if KEY's value is 0, no or off (DEFAULT when
# KEY is absent), else true.
getargbool() {
    _ag_b=$(getarg "$2") || _ag_b=$1
    case "$_ag_b" in 0 | no | off) return 1 ;; esac
    return 0
}
