# shellcheck shell=bash
# status.sh - `aoe-lab status`: the lab as it runs: each export's unit, and
# from the AoE traffic on the lab NIC and each paths= NIC (aoe-lab-listen on
# each at once: one broadcast query, then SECONDS of listening) which
# machine uses which target over which segment, and who else answers for
# the lab's targets. Problems: an export not running, a lab target answered
# by another host, a lab NIC's MTU not what the record asks. Read-only: no
# lock, nothing written but a temporary directory.

status_usage() {
	cat << 'EOF2'
usage: aoe-lab status [--seconds N]

The lab as it runs: every export (its unit's state, the machines seen
using it), from N seconds (default 10, 1-300) of the AoE traffic on the
lab NIC and on each paths= NIC (all at once) after one broadcast query; a
second path's row lists the machines seen using it on its own segment.
Machines are named from the record (a second NIC by its machine's
rd.aoe.if=); one running another version than its entry boots is said (it
moves at its next boot). Problems, one line each: an export whose unit is
not active; a lab target answered by a host other than this server (a
second export of the same shelf.slot: pinned machines ignore it, others
may not); a lab NIC's MTU (nic=, paths=) not what the record's mtu=
asks (run aoe-lab init).

Exit status: 0 no problem, 1 failed (a NIC cannot be read), 2 bad
usage or record, 3 problems found.
EOF2
}

# status_mtu: a problem line for each lab NIC whose MTU is not the
# record's mtu=.
status_mtu() {
	local n want cur
	[ -n "${CONF[lab/-/mtu]:-}" ] || return 0
	for n in $(lab_nics); do
		cur=$(cat "${AOE_LAB_SYS:-/sys}/class/net/$n/mtu" 2> /dev/null) || continue
		want=$(lab_mtu_want "$n")
		[ "$cur" = "$want" ] ||
			echo "problem: $n: mtu $cur; the record asks mtu=${CONF[lab/-/mtu]} ($want): jumbo frames are lost or refused; run aoe-lab init (and set it in the server's network configuration)"
	done
}

# lab_listen VERB SECONDS WHY [NIC]: what aoe-lab-listen (AOE_LAB_LISTEN for
# tests) hears on NIC (the lab NIC) in SECONDS; one line (WHY: what for)
# and exit 1 when it cannot listen.
lab_listen() {
	local heard n=${4:-${CONF[lab/-/nic]}}
	heard=$("${AOE_LAB_LISTEN:-$AOE_LAB_LIB/aoe-lab-listen}" "$n" "$2" 2>&1) ||
		{ echo "aoe-lab: $1: cannot listen on $n$3: $(tail -n1 <<< "$heard")" >&2; exit 1; }
	echo "$heard"
}

# status_hear SECONDS: lab_listen on the lab NIC and on each paths= NIC at
# once, each line heard prefixed with its NIC; exit 1 when one cannot be
# listened on (its line said).
status_hear() {
	local d n pid rc=0 pids=()
	d=$(mktemp -d "${TMPDIR:-/tmp}/aoe-lab-status.XXXXXX") || exit 1
	for n in $(lab_nics); do
		(lab_listen status "$1" "" "$n" > "$d/$n") &
		pids+=("$!")
	done
	for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
	for n in $(lab_nics); do
		[ "$rc" != 0 ] || sed "s/^/$n /" "$d/$n"
	done
	rm -rf "$d"
	[ "$rc" = 0 ] || exit 1
}

# status_names: MAC -> machine name, from the record, into NAME_OF: each
# machine's mac=, and the other NICs its append= names in rd.aoe.if= (its
# second path's NIC, lab guide section 11).
status_names() {
	local c a m
	for c in "${CONF_CLIENTS[@]}"; do NAME_OF[${CONF[client/$c/mac]}]=$c; done
	for c in "${CONF_CLIENTS[@]}"; do
		for a in ${CONF[client/$c/append]:-}; do
			[[ $a == rd.aoe.if=* ]] || continue
			a=${a#rd.aoe.if=}
			for m in ${a//,/ }; do
				m=${m,,}
				is_mac "$m" && [ -z "${NAME_OF[$m]:-}" ] && NAME_OF[$m]=$c
			done
		done
	done
}

verb_status() {
	local secs=10 n heard e i s t state users m at k what mac sh sl problems=0 out nics
	local -A NAME_OF=() TARGET_OF=() USERS=() ANSWER=() ROGUE=() OWN=()
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) status_usage; return 0 ;;
		--seconds) { [ $# -ge 2 ] && is_num "$2" 1 300; } || usage_err "status: --seconds ${2:-}: expected a number 1-300"; secs=$2; shift 2 ;;
		*) usage_err "status: $1: unknown option; expected --seconds N" ;;
		esac
	done
	rec_read status
	n=${CONF[lab/-/nic]}
	nics=$(lab_nics)
	for at in $nics; do OWN[$at]=$(nic_mac "$at"); done
	status_names
	heard=$(status_hear "$secs") || exit 1
	# keys NIC/SHELF.SLOT: what was heard on that segment
	while read -r at what mac sh sl dst; do
		{ is_mac "$mac" && is_shelf "$sh" && is_slot "$sl"; } || continue
		case $what in
		answer) ANSWER[$at/$sh.$sl]+=" $mac" ;;
		uses)
			USERS[$at/$sh.$sl]+=" ${NAME_OF[$mac]:-$mac}"
			# a machine talking to another host for a lab target
			is_mac "${dst:-}" && [ "$dst" != "${OWN[$at]}" ] && ROGUE[$at/$sh.$sl]+=" ${NAME_OF[$mac]:-$mac}@$dst" ;;
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
		at=$n
		[[ $i != *.path-* ]] || at=${i##*.path-}
		users=$(tr ' ' '\n' <<< "${USERS[$at/$s.$t]:-}" | grep . | sort -u | paste -sd' ')
		printf '%-20s %-9s %-9s %s\n' "$i" "e$s.$t" "$state" "${users:--}"
	done
	for k in "${!ANSWER[@]}"; do
		at=${k%%/*} i=${k#*/}
		[ -n "${TARGET_OF[$i]:-}" ] || continue
		for m in ${ANSWER[$k]}; do
			[ "$m" != "${OWN[$at]}" ] || continue
			out+="problem: e$i: answered by $m too, not by this server's $at (${OWN[$at]:-MAC unknown}): another host exports the lab's target; machines pinned with rd.aoe.mac= ignore it, find and stop it"$'\n'
		done
	done
	for k in "${!ROGUE[@]}"; do
		at=${k%%/*} i=${k#*/}
		[ -n "${TARGET_OF[$i]:-}" ] || continue
		for m in ${ROGUE[$k]}; do
			out+="problem: ${m%@*} uses e$i at ${m#*@}, not at this server's $at: another host serves the lab's target to it"$'\n'
		done
	done
	for k in "${!USERS[@]}"; do
		i=${k#*/}
		for m in ${USERS[$k]}; do
			if is_mac "$m"; then
				out+="note: $m (not in the record) uses e$i${TARGET_OF[$i]:+ (${TARGET_OF[$i]})}"$'\n'
			elif [ -n "${TARGET_OF[$i]:-}" ] && [[ ${TARGET_OF[$i]} != *.layer ]] &&
				[ "${TARGET_OF[$i]##*.}" != "$(lab_version "$m")" ]; then
				out+="note: $m runs ${TARGET_OF[$i]%.*} version ${TARGET_OF[$i]##*.}; its entry boots version $(lab_version "$m") (it moves at its next boot)"$'\n'
			fi
		done
	done
	out+=$(status_mtu)
	out=$(printf '%s\n' "$out" | grep . | sort -u)
	[ -z "$out" ] || printf '%s\n' "$out"
	problems=$(grep -c '^problem:' <<< "$out")
	echo "heard on ${nics// /,} in $secs s: $(awk '$2 == "uses"' <<< "$heard" | grep -c .) machine-target pair(s), $(awk '$2 == "answer"' <<< "$heard" | grep -c .) answer(s); $problems problem(s)"
	[ "$problems" = 0 ] || exit 3
}
