# shellcheck shell=bash
# check.sh - `aoe-lab check`: the record's problems, then every machine's
# kernel command line through `aoe-up --check` (the initramfs' own parser).

check_usage() {
	cat << 'EOF2'
usage: aoe-lab check

Read the lab's record (--config, default /etc/aoe-lab/lab.conf) and say
every problem, one line each: a wrong value, a missing key, a clash (two
machines with one MAC or seat, two images on one shelf), a machine on an
image that does not exist. Once the record has none, build each machine's
kernel command line as aoe-lab would write it and check it with
aoe-up --check, the parser the initramfs uses. Changes nothing.

Exit status: 0 no problem, 3 problems found, 2 bad usage.
EOF2
}

# aoe_up_bin: the aoe-up to check with (AOE_UP=, the source tree's when run
# from it, the installed module's, PATH).
aoe_up_bin() {
	local f
	for f in "${AOE_UP:-}" "$AOE_LAB_LIB/../src/aoe-up" /usr/lib/dracut/modules.d/50aoe/aoe-up \
		"$(command -v aoe-up 2> /dev/null)"; do
		[ -n "$f" ] && [ -x "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

verb_check() {
	local c o err up mac bad=0
	case ${1:-} in
	-h | --help) check_usage; return 0 ;;
	'') ;;
	*) usage_err "check: $1: unexpected; expected no argument" ;;
	esac
	conf_read "$AOE_LAB_CONF"
	if [ ${#CONF_ERRORS[@]} -gt 0 ]; then	# the command lines come from a whole record
		printf '%s\n' "${CONF_ERRORS[@]}" | sort -t: -k2,2n
		return 3
	fi
	up=$(aoe_up_bin) || { echo "aoe-lab: check: no aoe-up to check the command lines with; expected the aoe-boot package (or AOE_UP=PATH)" >&2; return 1; }
	mac=$(lab_pin_macs)
	for c in "${CONF_CLIENTS[@]}"; do
		o=${CONF[client/$c/image]:-}
		[ -n "$o" ] || continue
		[ -n "${CONF_LINE[image/${o%@*}]:-}" ] || continue
		if ! o=$(lab_cmdline "$c" "$mac"); then
			echo "$AOE_LAB_CONF:${CONF_LINE[client/$c]}: [client $c]: image ${CONF[client/$c/image]} has no published version yet"
			bad=1
			continue
		fi
		if ! err=$("$up" --check --cmdline="$o" 2>&1 > /dev/null); then
			echo "$AOE_LAB_CONF:${CONF_LINE[client/$c/append]:-${CONF_LINE[client/$c]}}: [client $c]: ${err:-aoe-up --check failed}"
			bad=1
		fi
	done
	[ "$bad" = 0 ] || return 3
	echo "$AOE_LAB_CONF: ${#CONF_IMAGES[@]} image(s), ${#CONF_CLIENTS[@]} machine(s): no problem"
}
