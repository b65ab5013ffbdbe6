# shellcheck shell=bash
# cmdline.sh - the kernel command line aoe-lab gives a machine, from the
# record (conf.sh): its image's version as the root, its layer, the target
# pinned to the lab NIC's MAC (a hostile LAN: nothing else may answer for
# the image's shelf.slot; with paths=, every lab NIC's MAC), then the
# machine's own append=.

# nic_mac NIC: NIC's MAC from sysfs (AOE_LAB_SYS= for tests), or nothing
# when the NIC is not on this machine.
nic_mac() {
	local m
	read -r m 2> /dev/null < "${AOE_LAB_SYS:-/sys}/class/net/$1/address" || return 0
	is_mac "$m" && echo "$m"
}

# lab_pin_macs: the MACs the machines pin: the lab NIC's and those of the
# paths= NICs that are on this machine, comma-separated (or nothing).
lab_pin_macs() {
	local n m l=""
	for n in $(lab_nics); do
		read -r m 2> /dev/null < "${AOE_LAB_SYS:-/sys}/class/net/$n/address" || continue
		is_mac "$m" && [[ ,$l, != *",$m,"* ]] && l+=${l:+,}$m
	done
	echo "$l"
}

# lab_nic_ipv4: the lab NIC's first IPv4 address, or nothing.
lab_nic_ipv4() {
	ip -4 -o addr show dev "${CONF[lab/-/nic]}" 2> /dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }'
}

# lab_version CLIENT: the image version CLIENT boots: its pin, else the
# version its kept layer belongs to (layer_on=), else its image's
# published=; nothing if the image has none yet.
lab_version() {
	local v=${CONF[client/$1/image]}
	if [[ $v == *@* ]]; then
		echo "${v#*@}"
	elif [ -n "${CONF[client/$1/layer_on]:-}" ]; then
		echo "${CONF[client/$1/layer_on]}"
	else
		echo "${CONF[image/$v/published]:-}"
	fi
}

# lab_cmdline CLIENT MAC: CLIENT's kernel options (MAC: the target's, or
# empty); 1 if its image has no published version yet.
lab_cmdline() {
	local c=$1 img=${CONF[client/$1/image]%@*} v layer o
	v=$(lab_version "$c")
	[ -n "$v" ] || return 1
	o="root=/dev/etherd/e${CONF[image/$img/shelf]}.${v}p1"
	layer=${CONF[client/$c/layer]:-tmpfs}
	case $layer in
	tmpfs) o="$o ro rd.aoe.overlay=tmpfs" ;;
	# a blank layer disk (as aoe-lab makes it) is formatted at the first
	# boot; one that holds anything never is (aoe-up's rule)
	disk:*) o="$o ro rd.aoe.overlay=e${CONF[lab/-/layer_shelf]}.${CONF[client/$c/seat]} rd.aoe.overlay.format=1" ;;
	none) o="$o rw" ;;
	esac
	[ -z "$2" ] || o="$o rd.aoe.mac=$2"
	o="$o systemd.hostname=$c"
	[ -z "${CONF[client/$c/append]:-}" ] || o="$o ${CONF[client/$c/append]}"
	echo "$o"
}
