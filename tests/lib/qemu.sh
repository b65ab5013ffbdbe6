# shellcheck shell=bash
# QEMU (TCG) guest runs inside a test netns, and helpers that read the serial log.

[ -n "${_AOE_QEMU_SH:-}" ] && return 0
_AOE_QEMU_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${AOE_QEMU:=qemu-system-x86_64}"
: "${AOE_QEMU_MEM:=1024}"
: "${AOE_QEMU_BASE_APPEND:=console=ttyS0 panic=-1}"

# qemu_mac N: print the default MAC of guest NIC number N (0-based): 52:54:00:ae:00:<N+1>.
qemu_mac() { printf '52:54:00:ae:00:%02x\n' $(($1 + 1)); }

# qemu_ifname N: print the name guest NIC number N (0-based) ends up with: udev's
# predictable name by PCI slot (QEMU with -nodefaults puts NIC N in slot N+2), which the
# module's naming policy gives it in the initramfs before aoe-up brings it up.
qemu_ifname() { echo "ens$(($1 + 2))"; }

# qemu_boot LOG TIMEOUT [--ns NS] [--nic TAP[,MODEL[,MAC]]]... [--kernel F --initrd F --append ARGS | --pxe] [--mem MiB] [--monitor SOCK [--link-off N]...] [--interactive] [-- QEMU_ARGS...]: boot a TCG guest, serial console to LOG, until it exits or TIMEOUT s pass; returns QEMU's status (124 = timeout); exports QEMU_RC and QEMU_WALL_S.
# MODEL: virtio-net-pci (default) or e1000 (any QEMU NIC device); MAC default qemu_mac <index>; --append gets "$AOE_QEMU_BASE_APPEND " prepended.
# --monitor SOCK: QEMU's human monitor on the unix socket SOCK (qemu_link); --link-off N: guest NIC N
# (0-based) has no carrier from the first instruction on (QEMU starts paused, the link is set down, then it runs).
# --uefi plain|secure: OVMF (Debian's ovmf) instead of SeaBIOS, on q35, its variables a copy beside LOG; NICs
# without an option ROM (the firmware's own PXE and network driver, as on a real UEFI PC); secure: Secure
# Boot enforced with Microsoft's keys enrolled (OVMF_CODE_4M.secboot.fd, OVMF_VARS_4M.ms.fd, SMM).
# --interactive: serial on stdin/stdout and copied to LOG (for aoe.demo.shell); call it directly, not in a pipeline, or QEMU_RC is lost in the subshell.
# The guest powers off (exit 0) and also exits 0 on panic (panic=-1 + -no-reboot): judge a boot by its log, not by the status.
qemu_boot() {
	local log=$1 tmo=$2 ns='' kernel='' initrd='' append='' pxe=0 mem=$AOE_QEMU_MEM inter=0
	local nics=() args=() extra=() n tap model mac i=0 pid rc mon='' off=() cmds=() uefi='' rom=''
	shift 2
	while [ $# -gt 0 ]; do
		case $1 in
		--ns) ns=$2; shift 2 ;;
		--nic) nics+=("$2"); shift 2 ;;
		--kernel) kernel=$2; shift 2 ;;
		--initrd) initrd=$2; shift 2 ;;
		--append) append=$2; shift 2 ;;
		--pxe) pxe=1; shift ;;
		--mem) mem=$2; shift 2 ;;
		--interactive) inter=1; shift ;;
		--monitor) mon=$2; shift 2 ;;
		--link-off) off+=("$2"); shift 2 ;;
		--uefi) uefi=$2; shift 2 ;;
		--) shift; extra=("$@"); break ;;
		*) h_log "qemu_boot: unknown option $1"; return 2 ;;
		esac
	done
	args=(-accel tcg -m "$mem" -smp 1 -nographic -no-reboot -nodefaults -vga none)
	if [ ${#off[@]} -gt 0 ] && { [ -z "$mon" ] || [ "$inter" = 1 ]; }; then
		h_log "qemu_boot: --link-off needs --monitor and no --interactive"; return 2
	fi
	if [ "$inter" = 1 ]; then
		args+=(-chardev "stdio,id=con0,signal=off,logfile=$log" -serial chardev:con0 -monitor none)
	elif [ -n "$mon" ]; then
		rm -f "$mon"
		args+=(-serial "file:$log" -monitor "unix:$mon,server=on,wait=off")
		[ ${#off[@]} -gt 0 ] && args+=(-S)
	else
		args+=(-serial "file:$log" -monitor none)
	fi
	case $uefi in
	'') ;;
	plain) cp /usr/share/OVMF/OVMF_VARS_4M.fd "$log.vars" || return 2
		args+=(-machine q35 -drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
			-drive "if=pflash,format=raw,unit=1,file=$log.vars")
		rom=,romfile= ;;
	secure) cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$log.vars" || return 2
		args+=(-machine "q35,smm=on" -global "driver=cfi.pflash01,property=secure,value=on"
			-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
			-drive "if=pflash,format=raw,unit=1,file=$log.vars")
		rom=,romfile= ;;
	*) h_log "qemu_boot: --uefi $uefi: expected plain or secure"; return 2 ;;
	esac
	for n in "${nics[@]}"; do
		IFS=, read -r tap model mac <<<"$n"
		[ -n "$model" ] || model=virtio-net-pci
		[ -n "$mac" ] || mac=$(qemu_mac "$i")
		args+=(-netdev "tap,id=n$i,ifname=$tap,script=no,downscript=no"
			-device "$model,netdev=n$i,mac=$mac$rom")
		i=$((i + 1))
	done
	if [ "$pxe" = 1 ]; then
		args+=(-boot n)
	elif [ -n "$kernel" ]; then
		args+=(-kernel "$kernel")
		[ -n "$initrd" ] && args+=(-initrd "$initrd")
		args+=(-append "$AOE_QEMU_BASE_APPEND${append:+ $append}")
	else
		h_log "qemu_boot: need --kernel or --pxe"; return 2
	fi
	args+=("${extra[@]}")
	: >"$log"
	local pre=()
	[ -n "$ns" ] && pre=(ip netns exec "$ns")
	local t0 t1
	t0=$(h_now)
	if [ "$inter" = 1 ]; then
		"${pre[@]}" timeout "$tmo" "$AOE_QEMU" "${args[@]}"
		rc=$?
	else
		"${pre[@]}" timeout "$tmo" "$AOE_QEMU" "${args[@]}" </dev/null >"$log.qemu" 2>&1 &
		pid=$!
		harness_track_pid "$pid"
		if [ ${#off[@]} -gt 0 ]; then
			for n in "${off[@]}"; do cmds+=("set_link n$n off"); done
			qemu_monitor "$mon" "${cmds[@]}" cont || kill "$pid" 2>/dev/null
		fi
		wait "$pid"
		rc=$?
		[ -s "$log.qemu" ] && [ "$rc" -ne 0 ] && h_log "qemu: $(head -c 2000 "$log.qemu")"
	fi
	t1=$(h_now)
	QEMU_WALL_S=$(h_delta "$t0" "$t1" 1)
	QEMU_RC=$rc
	export QEMU_RC QEMU_WALL_S
	return "$rc"
}

# qemu_monitor SOCK CMD...: run each QEMU human-monitor command on SOCK (waiting up to 10 s for
# QEMU to open it); 1, with a line on stderr, if it cannot connect or a command answers an error.
qemu_monitor() {
	python3 - "$@" <<'PY'
import socket, sys, time
sock = socket.socket(socket.AF_UNIX)
for _ in range(100):
    try:
        sock.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("# qemu_monitor: cannot connect to " + sys.argv[1])
def answer():
    buf = b""
    while not buf.endswith(b"(qemu) "):
        data = sock.recv(4096)
        if not data:
            sys.exit("# qemu_monitor: QEMU closed the monitor")
        buf += data
    return buf.decode(errors="replace")
answer()
for cmd in sys.argv[2:]:
    sock.sendall(cmd.encode() + b"\n")
    # the monitor echoes the command; anything else it says is an error
    said = [l for l in answer().replace("\r", "").split("\n")[1:-1] if l.strip()]
    if said:
        sys.exit("# qemu_monitor: " + cmd + ": " + " / ".join(said))
PY
}

# qemu_link SOCK N on|off: give guest NIC N (0-based) carrier, or take it away (qemu_boot --monitor SOCK).
qemu_link() { qemu_monitor "$1" "set_link n$2 $3"; }

# log_text LOG: print LOG with carriage returns removed.
log_text() { tr -d '\r' <"$1"; }

# log_has LOG STRING: return 0 if LOG contains the fixed STRING.
log_has() { log_text "$1" | grep -qF -- "$2"; }

# log_grep LOG ERE: print LOG lines matching the extended regex ERE; 1 if none.
log_grep() { log_text "$1" | grep -E -- "$2"; }

# log_fact LOG NAME: print the value of each "AOE-FACT NAME=value" line in LOG (one per line); 1 if none.
log_fact() {
	log_text "$1" | awk -v k="AOE-FACT $2=" '
		{ i = index($0, k); if (i) { print substr($0, i + length(k)); found = 1 } }
		END { exit !found }'
}

# log_facts LOG: print every "name=value" fact of LOG.
log_facts() { log_text "$1" | sed -n 's/.*AOE-FACT //p'; }

# klog_time LOG STRING: print the kernel timestamp (s) of the first "[ t] ..." line containing the fixed STRING; 1 if none.
klog_time() {
	log_text "$1" | awk -v s="$2" '
		index($0, s) && match($0, /\[ *[0-9]+\.[0-9]+\]/) {
			t = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", t); print t; found = 1; exit
		}
		END { exit !found }'
}

# klog_time_re LOG ERE: like klog_time, for the first line matching the extended regex ERE.
klog_time_re() {
	log_text "$1" | awk -v re="$2" '
		$0 ~ re && match($0, /\[ *[0-9]+\.[0-9]+\]/) {
			t = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", t); print t; found = 1; exit
		}
		END { exit !found }'
}

# klog_delta_re LOG ERE STRING_B: klog_time(STRING_B) - klog_time_re(ERE), 3 decimals; 1 if either is missing.
klog_delta_re() {
	local a b
	a=$(klog_time_re "$1" "$2") && b=$(klog_time "$1" "$3") || return 1
	h_delta "$a" "$b" 3
}

# klog_delta LOG STRING_A STRING_B: print klog_time(B) - klog_time(A) in seconds (3 decimals); 1 if either is missing.
klog_delta() {
	local a b
	a=$(klog_time "$1" "$2") && b=$(klog_time "$1" "$3") || return 1
	h_delta "$a" "$b" 3
}

# log_wait LOG ERE SECS [PID]: poll LOG every 0.1 s until a line matches ERE; print the h_now time then.
# 1 after SECS, or once PID (if given) has ended without such a line.
log_wait() {
	local log=$1 ere=$2 end pid=${4:-}
	end=$(awk -v a="$(h_now)" -v s="$3" 'BEGIN { print a + s }')
	while awk -v a="$(h_now)" -v e="$end" 'BEGIN { exit !(a < e) }'; do
		if [ -s "$log" ] && log_grep "$log" "$ere" > /dev/null; then h_now; return 0; fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2> /dev/null; then
			# a guest that reboots on panic exits before the poll sees its last line
			log_grep "$log" "$ere" > /dev/null && { h_now; return 0; }
			return 1
		fi
		sleep 0.1
	done
	return 1
}

# log_marks OUT PID SPEC...: timestamp boot phases a guest log has no clock for (firmware,
# boot loader, dnsmasq): each SPEC is "LABEL|FILE|ERE"; the first time a line of FILE matches
# ERE, append "LABEL<TAB>h_now time" to OUT and run "$LOG_MARKS_SAY LABEL" if that is set.
# Polls every 0.2 s until every SPEC is seen, or PID (if not empty) ends; run it in the background.
log_marks() {
	local out=$1 pid=$2 spec label file ere left=() next
	shift 2
	left=("$@")
	: > "$out"
	while [ ${#left[@]} -gt 0 ]; do
		[ -z "$pid" ] || kill -0 "$pid" 2> /dev/null || break
		next=()
		for spec in "${left[@]}"; do
			IFS='|' read -r label file ere <<< "$spec"
			if [ -s "$file" ] && log_grep "$file" "$ere" > /dev/null; then
				printf '%s\t%s\n' "$label" "$(h_now)" >> "$out"
				[ -z "${LOG_MARKS_SAY:-}" ] || "$LOG_MARKS_SAY" "$label"
			else
				next+=("$spec")
			fi
		done
		left=("${next[@]}")
		sleep 0.2
	done
}

# log_mark OUT LABEL: print the time log_marks recorded for LABEL in OUT; 1 if none.
log_mark() { awk -F '\t' -v l="$2" '$1 == l { print $2; f = 1; exit } END { exit !f }' "$1" 2> /dev/null; }

# log_between OUT LABEL_A LABEL_B [DECIMALS]: print the seconds from LABEL_A to LABEL_B (1 decimal); 1 if either is missing.
log_between() {
	local a b
	a=$(log_mark "$1" "$2") && b=$(log_mark "$1" "$3") || return 1
	h_delta "$a" "$b" "${4:-1}"
}

# boot_why LOG [DNSMASQ_LOG]: print, in one line, why a boot did not reach the AoE root: no DHCP
# lease, no kernel, aoe-up's failure summary, or the last aoe-up/panic/emergency/mount line.
boot_why() {
	local log=$1 dns=${2:-} r
	if [ -n "$dns" ] && ! grep -q DHCPACK "$dns" 2> /dev/null; then
		echo "no DHCP lease: the PXE firmware never got an address"
	elif ! log_has "$log" 'Linux version'; then
		echo "the kernel never started${dns:+: TFTP/pxelinux; dnsmasq log: $(grep -c sent "$dns") files sent}"
	elif r=$(log_grep "$log" 'aoe-up: .*(not found within|tried |answered|no AoE target)' |
		sed 's/.*aoe-up: //' | awk '!s[$0]++ { printf "%s%s", (n++ ? " | " : ""), $0 }') && [ -n "$r" ]; then
		echo "aoe-up: $r"
	elif r=$(log_grep "$log" 'aoe-up: |Kernel panic|not syncing|emergency|Timed out|mount: ' | tail -n 1) && [ -n "$r" ]; then
		echo "last message: $r" | sed 's/\[ *[0-9.]*\] //' | cut -c1-120
	else
		echo "no AOE-ROOT-OK in the console log"
	fi
}
