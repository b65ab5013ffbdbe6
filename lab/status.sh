# shellcheck shell=bash
# status.sh - `aoe-lab status`: the lab as it runs: each export's unit, and
# from the AoE traffic on the lab NIC (aoe-lab-listen: one broadcast query,
# then SECONDS of listening) which machine uses which target, and who else
# answers for the lab's targets. Problems: an export not running, a lab
# target answered by another host, the lab NIC's MTU not what the record
# asks. Read-only: no lock, nothing written.

status_usage() {
	cat << 'EOF2'
usage: aoe-lab status [--seconds N]

The lab as it runs: every export (its unit's state, the machines seen
using it), from N seconds (default 10, 1-300) of the AoE traffic on the
lab NIC after one broadcast query. Machines are named from the record;
one running another version than its entry boots is said (it moves at its
next boot). Problems, one line each: an export whose unit is not active; a
lab target answered by a host other than this server (a second export of
the same shelf.slot: pinned machines ignore it, others may not); the lab
NIC's MTU not what the record's mtu= asks (run aoe-lab init).

Exit status: 0 no problem, 1 failed (the NIC cannot be read), 2 bad
usage or record, 3 problems found.
EOF2
}

# status_mtu: a problem line when the lab NIC's MTU is not the record's mtu=.
status_mtu() {
	local n=${CONF[lab/-/nic]} want cur
	[ -n "${CONF[lab/-/mtu]:-}" ] || return 0
	cur=$(cat "${AOE_LAB_SYS:-/sys}/class/net/$n/mtu" 2> /dev/null) || return 0
	want=$(lab_mtu_want)
	[ "$cur" = "$want" ] ||
		echo "problem: $n: mtu $cur; the record asks mtu=${CONF[lab/-/mtu]} ($want): jumbo frames are lost or refused; run aoe-lab init (and set it in the server's network configuration)"
}

# lab_listen VERB SECONDS WHY: what aoe-lab-listen (AOE_LAB_LISTEN for
# tests) hears on the lab NIC in SECONDS; one line (WHY: what for) and
# exit 1 when it cannot listen.
lab_listen() {
	local heard
	heard=$("${AOE_LAB_LISTEN:-$AOE_LAB_LIB/aoe-lab-listen}" "${CONF[lab/-/nic]}" "$2" 2>&1) ||
		{ echo "aoe-lab: $1: cannot listen on ${CONF[lab/-/nic]}$3: $(tail -n1 <<< "$heard")" >&2; exit 1; }
	echo "$heard"
}

# status_names: MAC -> machine name, from the record, into NAME_OF.
status_names() {
	local c
	for c in "${CONF_CLIENTS[@]}"; do NAME_OF[${CONF[client/$c/mac]}]=$c; done
}

verb_status() {
	local secs=10 n own heard e i s t state users m what mac sh sl problems=0 out
	local -A NAME_OF=() TARGET_OF=() USERS=() ANSWER=() ROGUE=()
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) status_usage; return 0 ;;
		--seconds) { [ $# -ge 2 ] && is_num "$2" 1 300; } || usage_err "status: --seconds ${2:-}: expected a number 1-300"; secs=$2; shift 2 ;;
		*) usage_err "status: $1: unknown option; expected --seconds N" ;;
		esac
	done
	rec_read status
	n=${CONF[lab/-/nic]}
	own=$(lab_nic_mac)
	status_names
	heard=$(lab_listen status "$secs" "") || exit 1
	while read -r what mac sh sl dst; do
		{ is_mac "$mac" && is_shelf "$sh" && is_slot "$sl"; } || continue
		case $what in
		answer) ANSWER[$sh.$sl]+=" $mac" ;;
		uses)
			USERS[$sh.$sl]+=" ${NAME_OF[$mac]:-$mac}"
			# a machine talking to another host for a lab target
			is_mac "${dst:-}" && [ "$dst" != "$own" ] && ROGUE[$sh.$sl]+=" ${NAME_OF[$mac]:-$mac}@$dst" ;;
		esac
	done <<< "$heard"
	printf '%-20s %-9s %-9s %s\n' EXPORT TARGET UNIT "USED BY (${secs} s)"
	out=""
	for e in "$(export_dir)"/*.env; do
		[ -e "$e" ] || continue
		i=${e##*/} i=${i%.env}
		s=$(sed -n 's/^SHELF=//p' "$e") t=$(sed -n 's/^SLOT=//p' "$e")
		[[ $i == *.path-* ]] || TARGET_OF[$s.$t]=$i
		if "$AOE_LAB_SYSTEMCTL" is-active --quiet "aoe-lab-export@$i.service" > /dev/null 2>&1 9>&-; then
			state=active
		else
			state=inactive
			out+="problem: aoe-lab-export@$i (e$s.$t) is not active; its machines cannot reach it (journalctl -u aoe-lab-export@$i)"$'\n'
		fi
		users=$(tr ' ' '\n' <<< "${USERS[$s.$t]:-}" | grep . | sort -u | paste -sd' ')
		[[ $i != *.path-* ]] || users="(a second path: not listened to)"
		printf '%-20s %-9s %-9s %s\n' "$i" "e$s.$t" "$state" "${users:--}"
	done
	for i in "${!ANSWER[@]}"; do
		[ -n "${TARGET_OF[$i]:-}" ] || continue
		for m in ${ANSWER[$i]}; do
			[ "$m" != "$own" ] || continue
			out+="problem: e$i: answered by $m too, not by this server's $n (${own:-MAC unknown}): another host exports the lab's target; machines pinned with rd.aoe.mac= ignore it, find and stop it"$'\n'
		done
	done
	for i in "${!ROGUE[@]}"; do
		[ -n "${TARGET_OF[$i]:-}" ] || continue
		for m in ${ROGUE[$i]}; do
			out+="problem: ${m%@*} uses e$i at ${m#*@}, not at this server's $n: another host serves the lab's target to it"$'\n'
		done
	done
	for i in "${!USERS[@]}"; do
		for m in ${USERS[$i]}; do
			if is_mac "$m"; then
				out+="note: $m (not in the record) uses e$i${TARGET_OF[$i]:+ (${TARGET_OF[$i]})}"$'\n'
			elif [ -n "${TARGET_OF[$i]:-}" ] && [[ ${TARGET_OF[$i]} != *.layer ]] &&
				[ "${TARGET_OF[$i]##*.}" != "$(lab_version "$m")" ]; then
				out+="note: $m runs ${TARGET_OF[$i]%.*} version ${TARGET_OF[$i]##*.}; its entry boots version $(lab_version "$m") (it moves at its next boot)"$'\n'
			fi
		done
	done
	out+=$(status_mtu)
	[ -z "$out" ] || printf '%s\n' "$out" | grep . | sort
	problems=$(grep -c '^problem:' <<< "$out")
	echo "heard on $n in $secs s: $(grep -c '^uses' <<< "$heard") machine-target pair(s), $(grep -c '^answer' <<< "$heard") answer(s); $problems problem(s)"
	[ "$problems" = 0 ] || exit 3
}
