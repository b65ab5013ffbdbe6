# shellcheck shell=bash
# Network namespaces, taps, bridges, and the servers (vblade, dnsmasq) that run in them.
# Everything lives in namespaces this harness creates; nothing reaches the host network.

[ -n "${_AOE_NET_SH:-}" ] && return 0
_AOE_NET_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=tests/lib/qemu.sh
. "$(dirname "${BASH_SOURCE[0]}")/qemu.sh"

: "${AOE_NET_PREFIX:=10.123.0}"   # /24 used only inside our namespaces; server is .1

# netns_name BASE: print a per-run unique namespace name for BASE (BASE-<run id>, max 15 chars of BASE).
netns_name() { echo "${1:0:15}-$AOE_RUN_ID"; }

# netns_create NAME: create netns NAME with lo up; deleted by harness_cleanup.
netns_create() {
	ip netns add "$1" || return 1
	_H_NETNS+=("$1")
	ip -n "$1" link set lo up
}

# nsexec NS CMD...: run CMD inside netns NS.
nsexec() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# tap_create NS TAP [MTU]: create tap TAP in NS (default MTU 1500), set it up.
tap_create() {
	local ns=$1 tap=$2 mtu=${3:-1500}
	ip -n "$ns" tuntap add dev "$tap" mode tap || return 1
	ip -n "$ns" link set dev "$tap" mtu "$mtu" up
}

# bridge_create NS BR [MTU]: create bridge BR in NS (STP off, no forwarding delay), set it up.
bridge_create() {
	local ns=$1 br=$2 mtu=${3:-1500}
	ip -n "$ns" link add "$br" type bridge stp_state 0 forward_delay 0 || return 1
	ip -n "$ns" link set dev "$br" mtu "$mtu" up
}

# bridge_add NS BR IFACE: enslave IFACE to bridge BR in NS and set it up.
bridge_add() { ip -n "$1" link set dev "$3" master "$2" up; }

# veth_create NS A B [MTU]: create a veth pair A<->B in NS, both up.
veth_create() {
	local ns=$1 a=$2 b=$3 mtu=${4:-1500}
	ip -n "$ns" link add "$a" mtu "$mtu" type veth peer name "$b" mtu "$mtu" || return 1
	ip -n "$ns" link set dev "$a" up && ip -n "$ns" link set dev "$b" up
}

# link_mtu NS IFACE MTU: set IFACE's MTU in NS.
link_mtu() { ip -n "$1" link set dev "$2" mtu "$3"; }

# net_wait_ready NAME PID LOG STRING: track PID for cleanup and wait up to 5 s for
# STRING in its LOG; 1 (with its log) if the process exited instead.
net_wait_ready() {
	local name=$1 pid=$2 log=$3 ready=$4
	harness_track_pid "$pid"
	log_wait "$log" "$ready" 5 "$pid" > /dev/null
	kill -0 "$pid" 2>/dev/null && return 0
	h_log "$name exited: $(cat "$log")"
	return 1
}

# lan_create NAME MTU [BRIDGE] [DISK]: the guest's LAN: a netns NAME (made unique) with
# tap0 at MTU (or, with BRIDGE, BRIDGE alone: storm_lan adds the taps); with DISK,
# vblade exports it as e0.1 on tap0 (or BRIDGE). Sets LAN_NS, LAN_TAP (tap0, or BRIDGE).
lan_create() {
	local name=$1 mtu=$2 br=${3:-} disk=${4:-}
	LAN_NS=$(netns_name "$name")
	LAN_TAP=${br:-tap0}
	netns_create "$LAN_NS" || return 1
	if [ -n "$br" ]; then
		bridge_create "$LAN_NS" "$br" "$mtu" || return 1
	else
		tap_create "$LAN_NS" "$LAN_TAP" "$mtu" || return 1
	fi
	[ -z "$disk" ] || vblade_start "$LAN_NS" 0 1 "$LAN_TAP" "$disk"
}

# vblade_start NS SHELF SLOT IFACE FILE [VBLADE_OPTS...]: export FILE as e<SHELF>.<SLOT> on IFACE in NS, in the background; waits until vblade announces itself; exports VBLADE_PID and VBLADE_LOG (its stderr).
vblade_start() {
	local ns=$1 shelf=$2 slot=$3 ifc=$4 file=$5
	shift 5
	[ -n "${AOE_WORK:-}" ] || { h_log "vblade_start: harness_init first"; return 1; }
	VBLADE_LOG=$AOE_WORK/vblade-$ns-e$shelf.$slot-$ifc.log
	ip netns exec "$ns" vblade "$@" "$shelf" "$slot" "$ifc" "$file" </dev/null >"$VBLADE_LOG" 2>&1 &
	VBLADE_PID=$!
	net_wait_ready vblade "$VBLADE_PID" "$VBLADE_LOG" 'pid' || return 1
	export VBLADE_PID VBLADE_LOG
}

# dnsmasq_start NS IFACE TFTPDIR [DNSMASQ_OPTS...]: give IFACE $AOE_NET_PREFIX.1/24 and run DHCP (boot file $DNSMASQ_BOOT, default pxelinux.0) + TFTP from TFTPDIR on it, DNS off; exports DNSMASQ_PID and DNSMASQ_LOG.
dnsmasq_start() {
	local ns=$1 ifc=$2 root=$3
	shift 3
	[ -n "${AOE_WORK:-}" ] || { h_log "dnsmasq_start: harness_init first"; return 1; }
	root=$(cd "$root" && pwd) || return 1
	ip -n "$ns" addr replace "$AOE_NET_PREFIX.1/24" dev "$ifc" || return 1
	DNSMASQ_LOG=$AOE_WORK/dnsmasq-$ns-$ifc.log
	# --conf-file=/dev/null: ignore /etc/dnsmasq.conf; --user=root: the tftp root may sit in a 0700 dir
	ip netns exec "$ns" dnsmasq --no-daemon --conf-file=/dev/null --user=root --group=root \
		--port=0 --no-resolv --no-hosts --bind-interfaces --interface="$ifc" --except-interface=lo \
		--pid-file= --dhcp-leasefile="$AOE_WORK/dnsmasq-$ns-$ifc.leases" \
		--dhcp-range="$AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199,255.255.255.0,1h" --dhcp-authoritative \
		--dhcp-boot="${DNSMASQ_BOOT:-pxelinux.0}" --enable-tftp --tftp-root="$root" --log-dhcp --log-facility=- "$@" \
		</dev/null >"$DNSMASQ_LOG" 2>&1 &
	DNSMASQ_PID=$!
	net_wait_ready dnsmasq "$DNSMASQ_PID" "$DNSMASQ_LOG" 'TFTP root' || return 1
	export DNSMASQ_PID DNSMASQ_LOG
}
