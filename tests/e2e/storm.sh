#!/bin/bash
# Boot storm: N guests (AOE_STORM_N, default 4) boot one read-only image
# from one vblade at the same moment, each with a tmpfs overlay. All must
# reach their root; each writes a marker no other one sees; each has its own
# machine-id; the exported image is byte-identical afterwards.
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/overlay.sh
. "$(dirname "$0")/../lib/overlay.sh"
e2e_init "e2e boot storm"

n=${AOE_STORM_N:-4}
case $n in '' | *[!0-9]* | 0 | 1) h_die "AOE_STORM_N=$n: expected 2 or more" ;; esac
img=$AOE_WORK/shared.img
overlay_image "$img" || h_die "overlay image"
sum=$(sha256sum < "$img")
storm_lan storm "$n" || h_die "storm lan"
vblade_start "$STORM_NS" 0 1 br0 "$img" -r || h_die "vblade"
initrd=$(e2e_initrd shell)

# append I: guest I's command line
append() { echo "root=/dev/etherd/e0.1p1 rd.shell=0 rd.aoe.overlay=tmpfs:size=16m aoe.test.mark=c$1"; }
storm_boot "$n" "$AOE_WORK/storm" 600 "$initrd" append 512

ids=()
for i in $(seq "$n"); do
	log=$AOE_WORK/storm-$i.log
	e2e_root_reached "storm client $i/$n reached its root" "$log"
	if [ "$(log_fact "$log" wrote | head -n1)" = "c$i" ] && [ "$(log_fact "$log" rootfs | head -n1)" = overlay ]; then
		pass "storm client $i: wrote its marker on its overlay"
	else
		fail "storm client $i: wrote its marker on its overlay" "facts: $(log_facts "$log" | grep -E '^(rootfs|wrote)=' | tr '\n' ' ')"
	fi
	if log_has "$log" AOE-ROOT-OK && ! log_fact "$log" marker > /dev/null; then
		pass "storm client $i: sees no other client's marker"
	else
		fail "storm client $i: sees no other client's marker" "$(log_fact "$log" marker | tr '\n' ' ')"
	fi
	ids+=("$(log_fact "$log" machine_id | head -n1)")
	e2e_figure "storm client $i: launch -> root (host s)" "${STORM_ROOT_AT[$i]:-n/a}"
	e2e_figure "storm client $i: guest uptime at the root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"
done
uniq_ids=$(printf '%s\n' "${ids[@]}" | grep -Ex '[0-9a-f]{32}' | sort -u | wc -l)
check "storm: $n distinct machine-ids ($uniq_ids)" "" test "$uniq_ids" = "$n"
check "storm: the shared image is byte-identical afterwards" "" test "$(sha256sum < "$img")" = "$sum"
e2e_figure "storm: $n guests, launch -> last guest off (s)" "$STORM_WALL_S"
