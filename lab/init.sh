# shellcheck shell=bash
# init.sh - `aoe-lab init`: the server's side of the lab, from the record's
# [lab] section: the directories, pxelinux's boot files in the TFTP root,
# the lab NIC's MTU, and dnsmasq's configuration (DHCP: proxy, full or
# off; TFTP from the TFTP root). Each part is compared with what is there
# and only a difference is written, in a new file renamed into place; every
# change is said, one line each. Run it again after editing [lab].

init_usage() {
	cat << 'EOF2'
usage: aoe-lab init [--nic IF] [--dhcp proxy|full|off] [--range FIRST,LAST]
                    [--mtu auto|N] [--tftp DIR] [--layer-shelf N]

The options set those keys of the record's [lab] section first (the record
is created with them when there is none; --nic is then needed). Then
prepare this server for the lab in the record's [lab] section:
  - the directories: /var/lib/aoe-lab/{images,exports,layers} and tftp=
    (default /srv/tftp);
  - pxelinux.0 and ldlinux.c32 (Debian's pxelinux and syslinux-common)
    copied into the TFTP root;
  - the lab NIC's MTU: mtu=auto sets the largest up to 9000 the NIC takes,
    mtu=N sets N, no mtu= leaves it (not kept across a reboot: set it in
    the server's network configuration too);
  - dnsmasq: /etc/dnsmasq.d/aoe-lab.conf for DHCP on the lab NIC (dhcp=proxy,
    the default, beside the LAN's own DHCP server; dhcp=full with range=;
    dhcp=off) and TFTP from the TFTP root, checked by dnsmasq --test, then
    dnsmasq restarted.
Says what it changed; "unchanged" for each part that was right.

Exit status: 0 done or unchanged, 1 failed (the part that failed and the
ones after it are as they were), 2 bad record or usage, 4 another aoe-lab
is changing the lab.
EOF2
}

# init_dirs: the lab's directories.
init_dirs() {
	local d
	for d in "$AOE_LAB_STATE/images" "$AOE_LAB_STATE/exports" "$AOE_LAB_STATE/layers" "${CONF[lab/-/tftp]:-/srv/tftp}"; do
		[ -d "$d" ] && continue
		mkdir -p "$d" || { echo "aoe-lab: init: cannot create $d" >&2; return 1; }
		echo "created: $d"
	done
}

# init_file SRC DST: DST a 0644 copy of SRC, written only when it differs.
init_file() {
	if cmp -s "$1" "$2" && [ "$(stat -c %a "$2")" = 644 ]; then
		echo "unchanged: $2"
		return 0
	fi
	if ! { install -m 0644 "$1" "$2.new" && mv -f "$2.new" "$2"; }; then
		rm -f "$2.new"
		echo "aoe-lab: init: cannot write $2" >&2
		return 1
	fi
	echo "written: $2 (from $1)"
}

# init_boot_files: pxelinux's files in the TFTP root.
init_boot_files() {
	local t=${CONF[lab/-/tftp]:-/srv/tftp} f
	for f in "${AOE_LAB_PXELINUX:-/usr/lib/PXELINUX/pxelinux.0}" \
		"${AOE_LAB_LDLINUX:-/usr/lib/syslinux/modules/bios/ldlinux.c32}"; do
		[ -s "$f" ] || { echo "aoe-lab: init: $f: not there; expected Debian's pxelinux and syslinux-common installed" >&2; return 1; }
		init_file "$f" "$t/${f##*/}" || return 1
	done
}

# lab_mtu_want: the MTU the record's mtu= asks of the lab NIC (auto: the
# largest up to 9000 the NIC reports as its maxmtu); nothing without mtu=.
lab_mtu_want() {
	local n=${CONF[lab/-/nic]} want=${CONF[lab/-/mtu]:-} max
	if [ "$want" = auto ]; then
		max=$(ip -d -o link show dev "$n" 2> /dev/null | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
		want=9000
		[ -z "$max" ] || [ "$max" -ge 9000 ] || want=$max
	fi
	echo "$want"
}

# init_mtu: the lab NIC's MTU as mtu= asks.
init_mtu() {
	local n=${CONF[lab/-/nic]} want cur
	[ -n "${CONF[lab/-/mtu]:-}" ] || return 0
	cur=$(cat "${AOE_LAB_SYS:-/sys}/class/net/$n/mtu" 2> /dev/null) ||
		{ echo "aoe-lab: init: nic=$n: no such network interface here; expected the lab NIC's name (ip link)" >&2; return 1; }
	want=$(lab_mtu_want)
	if [ "$cur" = "$want" ]; then
		echo "unchanged: $n mtu $cur"
		return 0
	fi
	if ! ip link set dev "$n" mtu "$want" 2> /dev/null; then
		echo "aoe-lab: init: $n refused mtu $want (it has $cur); expected mtu= within what the NIC takes (ip -d link show $n: maxmtu)" >&2
		return 1
	fi
	echo "changed: $n mtu $cur -> $want (until a reboot: set it in the server's network configuration too)"
}

# init_dnsmasq_text: dnsmasq's configuration for the lab.
init_dnsmasq_text() {
	local n=${CONF[lab/-/nic]} a
	echo "# aoe-lab: written by aoe-lab init from $AOE_LAB_CONF: change the record, not this file."
	echo "interface=$n"
	echo "bind-dynamic"
	case ${CONF[lab/-/dhcp]:-proxy} in
	full)
		echo "dhcp-range=${CONF[lab/-/range]},12h"
		echo "dhcp-boot=pxelinux.0" ;;
	proxy)
		a=$(ip -4 -o addr show dev "$n" 2> /dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
		[ -n "$a" ] || return 1
		echo "dhcp-range=$a,proxy"
		echo 'pxe-service=x86PC,"aoe-lab",pxelinux' ;;
	esac
	echo "enable-tftp"
	echo "tftp-root=${CONF[lab/-/tftp]:-/srv/tftp}"
}

# init_dnsmasq: dnsmasq's configuration written when it differs, checked,
# and dnsmasq restarted.
init_dnsmasq() {
	local f=${AOE_LAB_DNSMASQ_CONF:-/etc/dnsmasq.d/aoe-lab.conf} err
	if ! init_dnsmasq_text > "$REC_TMP"; then
		echo "aoe-lab: init: dhcp=proxy: ${CONF[lab/-/nic]} has no IPv4 address; expected one (proxy DHCP answers beside the LAN's DHCP server on its network), or dhcp=full with range=" >&2
		return 1
	fi
	if cmp -s "$REC_TMP" "$f"; then
		echo "unchanged: $f"
		return 0
	fi
	if ! err=$(dnsmasq --test --conf-file="$REC_TMP" 2>&1); then
		echo "aoe-lab: init: dnsmasq --test refused the configuration: $(tail -n1 <<< "$err")" >&2
		return 1
	fi
	if ! { mkdir -p "${f%/*}" && cp "$REC_TMP" "$f.new" && mv -f "$f.new" "$f"; }; then
		rm -f "$f.new"
		echo "aoe-lab: init: cannot write $f" >&2
		return 1
	fi
	echo "written: $f"
	if ! "$AOE_LAB_SYSTEMCTL" restart dnsmasq.service > /dev/null 2>&1 9>&-; then
		echo "aoe-lab: init: systemctl restart dnsmasq.service failed; $f is written (journalctl -u dnsmasq)" >&2
		return 1
	fi
	echo "restarted: dnsmasq.service"
}

# init_opts ARGS...: the options, as [lab] keys, into OPT[].
init_opts() {
	local k
	while [ $# -gt 0 ]; do
		case $1 in
		--nic | --dhcp | --range | --mtu | --tftp | --layer-shelf) ;;
		*) usage_err "init: $1: unknown option; expected --nic, --dhcp, --range, --mtu, --tftp or --layer-shelf" ;;
		esac
		[ $# -ge 2 ] || usage_err "init: $1: expected a value after it"
		k=${1#--} k=${k//-/_}
		conf_valid lab "$k" "$2" || usage_err "init: $1 $2: expected $(conf_form lab "$k")"
		OPT[$k]=$2
		shift 2
	done
}

# init_record FILE: the record with OPT[]'s keys set in [lab], right under
# its header (the file made when missing), into FILE; prints the keys set.
init_record() {
	local k set=()
	for k in nic dhcp range mtu tftp layer_shelf; do
		[ -z "${OPT[$k]:-}" ] || set+=("$k = ${OPT[$k]}")
	done
	if [ ! -e "$AOE_LAB_CONF" ]; then
		printf '%s\n' '# the lab: aoe-lab reads this file and never runs it (aoe-lab --help)' '[lab]' "${set[@]}" > "$1"
	else
		printf '%s\n' "${set[@]}" | awk '
			NR == FNR { want[$1] = $0; order[++n] = $1; next }
			/^[ \t]*\[/ { in_lab = ($0 ~ /^[ \t]*\[lab\][ \t]*(#.*)?$/) }
			in_lab && /^[ \t]*[a-z_]+[ \t]*=/ { k = $0; sub(/^[ \t]*/, "", k); sub(/[ \t]*=.*/, "", k); if (k in want) next }
			{ print }
			/^[ \t]*\[lab\][ \t]*(#.*)?$/ { for (i = 1; i <= n; i++) print want[order[i]] }' - "$AOE_LAB_CONF" > "$1"
	fi || return 1
	printf '%s, ' "${set[@]}" | sed 's/, $//'
}

# init_same: 0 if the record has every key of OPT[] with that value.
init_same() {
	local k
	[ -e "$AOE_LAB_CONF" ] || return 1
	conf_read "$AOE_LAB_CONF"
	for k in "${!OPT[@]}"; do [ "${CONF[lab/-/$k]:-}" = "${OPT[$k]}" ] || return 1; done
}

# init_running_lab: with exports running, the lab NIC and the layers'
# shelf stay (the exports and every machine's entry name them): one line,
# exit 2, when OPT[] would change them.
init_running_lab() {
	local k
	compgen -G "$(export_dir)/*.env" > /dev/null || return 0
	for k in nic layer_shelf; do
		[ -n "${OPT[$k]:-}" ] && [ -n "${CONF[lab/-/$k]:-}" ] && [ "${OPT[$k]}" != "${CONF[lab/-/$k]}" ] &&
			usage_err "init: --${k//_/-} ${OPT[$k]}: the lab's exports run with $k = ${CONF[lab/-/$k]}; expected the same (changing it under running machines is not supported)"
	done
	return 0
}

verb_init() {
	local -A OPT=()
	local keys
	case ${1:-} in -h | --help) init_usage; return 0 ;; esac
	init_opts "$@"
	rec_lock init
	if [ ${#OPT[@]} -gt 0 ] && ! init_same; then
		[ -e "$AOE_LAB_CONF" ] || [ -n "${OPT[nic]:-}" ] ||
			usage_err "init: $AOE_LAB_CONF: no record yet; expected --nic IF to make one"
		init_running_lab
		keys=$(init_record "$REC_TMP") || { echo "aoe-lab: init: cannot read $AOE_LAB_CONF" >&2; exit 1; }
		rec_check init "$REC_TMP" || exit 2
		{ mkdir -p "${AOE_LAB_CONF%/*}" && rec_commit init "$REC_TMP"; } || exit 1
		echo "written: $AOE_LAB_CONF ([lab] $keys)"
	fi
	rec_read init
	init_dirs && init_boot_files && init_mtu && init_dnsmasq || exit 1
}
