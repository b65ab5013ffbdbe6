#!/bin/bash
# shellcheck disable=SC2016 # awk and sh -c scripts, literal on purpose
# pxelinux/mktftp.sh: the TFTP tree it builds from dummy kernel/initrd files
# (names, modes, the kernel lines, per-MAC files) and the one-line error with a
# non-zero exit for every bad input. No root needed. The tree cases need the
# real pxelinux.0 and ldlinux.c32 (packages pxelinux, syslinux-common) and
# are skipped without them; the input checks run before those are looked for.
# Also the vblade export files of pxelinux/ and the lab guide, read as Debian reads them.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tool=$PWD/pxelinux/mktftp.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: "${AOE_PXELINUX:=/usr/lib/PXELINUX/pxelinux.0}"
: "${AOE_LDLINUX:=/usr/lib/syslinux/modules/bios/ldlinux.c32}"
export AOE_PXELINUX AOE_LDLINUX
# the UEFI loaders: stand-ins (Debian's shim-signed and grub-efi-amd64-signed in real use)
export AOE_SHIM=$tmp/shimx64.efi.signed AOE_GRUBNET=$tmp/grubnetx64.efi.signed
echo shim > "$AOE_SHIM"
echo grub > "$AOE_GRUBNET"

echo kernel > "$tmp/k"
echo initrd > "$tmp/i"

# --- input errors: one line on stderr that names the option, exit != 0 -----
# bad NAME PATTERN ARGS...: mktftp.sh ARGS must exit non-zero, print nothing
# on stdout and exactly one stderr line matching the extended regex PATTERN.
bad() {
	local name=$1 pat=$2 out err rc
	shift 2
	out=$("$tool" "$@" 2> "$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	if [ "$rc" -eq 0 ]; then
		fail "$name" "exit 0, want non-zero"
	elif [ -n "$out" ]; then
		fail "$name" "wrote to stdout: $out"
	elif [ "$(wc -l < "$tmp/err")" -ne 1 ]; then
		fail "$name" "want one stderr line, got: $err"
	elif ! [[ $err =~ $pat ]]; then
		fail "$name" "stderr '$err' does not match '$pat'"
	else
		pass "$name"
	fi
}

ok=(--kernel "$tmp/k" --initrd "$tmp/i")
t=$tmp/bad-out
bad "error: --mac not a MAC" '^mktftp\.sh: --mac=xx: expected aa:bb:cc:dd:ee:ff$' \
	--mac xx --target e0.1 "${ok[@]}" "$t"
bad "error: --mac with dashes" '^mktftp\.sh: --mac=aa-bb-cc-dd-ee-ff: expected aa:bb:cc:dd:ee:ff$' \
	--mac=aa-bb-cc-dd-ee-ff --target e0.1 "${ok[@]}" "$t"
bad "error: --mac 7 octets" '^mktftp\.sh: --mac=aa:bb:cc:dd:ee:ff:00: expected' \
	--mac aa:bb:cc:dd:ee:ff:00 --target e0.1 "${ok[@]}" "$t"
bad "error: --mac given twice" '^mktftp\.sh: --mac=aa:bb:cc:dd:ee:ff: given twice$' \
	--mac aa:bb:cc:dd:ee:ff --target e0.1 --mac AA:BB:CC:DD:EE:FF --target e0.2 "${ok[@]}" "$t"
bad "error: --mac without --target" '^mktftp\.sh: --mac=aa:bb:cc:dd:ee:ff: needs a --target' \
	--mac aa:bb:cc:dd:ee:ff "${ok[@]}" "$t"
bad "error: --mac then --mac" '^mktftp\.sh: --mac=aa:bb:cc:dd:ee:01: needs a --target' \
	--mac aa:bb:cc:dd:ee:01 --mac aa:bb:cc:dd:ee:02 --target e0.1 "${ok[@]}" "$t"
bad "error: --target without --mac" '^mktftp\.sh: --target=e0.1: must follow a --mac' \
	--target e0.1 "${ok[@]}" "$t"
for v in e4095.1 e65535.1 e0.255 e0.1p0 e0.1p16 e01.1 e0.1p E0.1 e0 e0.1.2 x; do
	bad "error: --target=$v" "^mktftp\\.sh: --target=$v: expected eSHELF\\.SLOT\\[pPART\\] \\(shelf 0-65534 but 4095, slot 0-254, part 1-15\\)\$" \
		--mac aa:bb:cc:dd:ee:ff --target "$v" "${ok[@]}" "$t"
done
bad "error: --root outside /dev/etherd" '^mktftp\.sh: --root=/dev/sda1: expected /dev/etherd/' \
	--root /dev/sda1 "${ok[@]}" "$t"
bad "error: --root=/dev/etherd/e0.255" '^mktftp\.sh: --root=/dev/etherd/e0\.255: expected /dev/etherd/eSHELF\.SLOT\[pPART\]' \
	--root /dev/etherd/e0.255 "${ok[@]}" "$t"
bad "error: --root=UUID= without rd.aoe.target" '^mktftp\.sh: --root=UUID=1234: not an AoE device name; also give --append rd\.aoe\.target=' \
	--root UUID=1234 "${ok[@]}" "$t"
bad "error: --append with root=" '^mktftp\.sh: --append=root=/dev/sda1: set by mktftp\.sh' \
	--append "quiet root=/dev/sda1" "${ok[@]}" "$t"
bad "error: --append with initrd=" '^mktftp\.sh: --append=initrd=x: set by mktftp\.sh' \
	--append "initrd=x" "${ok[@]}" "$t"
bad "error: --append with a bad rd.aoe.target" '^mktftp\.sh: --append=rd\.aoe\.target=e0\.300: expected eSHELF' \
	--append "rd.aoe.target=e0.300" "${ok[@]}" "$t"
bad "error: --append two lines" '^mktftp\.sh: --append: must be one line$' \
	--append $'quiet\nro' "${ok[@]}" "$t"
bad "error: --append with a GRUB command after ;" '^mktftp\.sh: --append=quiet;reboot: expected kernel options: letters, digits' \
	--append 'quiet;reboot' "${ok[@]}" "$t"
bad "error: --append with a GRUB variable" '^mktftp\.sh: --append=x=\$prefix: expected kernel options' \
	--append 'x=$prefix' "${ok[@]}" "$t"
bad "error: no --kernel" '^mktftp\.sh: --kernel: missing; give --kernel FILE$' \
	--initrd "$tmp/i" "$t"
bad "error: no --initrd" '^mktftp\.sh: --initrd: missing; give --initrd FILE$' \
	--kernel "$tmp/k" "$t"
bad "error: --kernel not a file" "^mktftp\\.sh: --kernel=$tmp/nope: not a readable file\$" \
	--kernel "$tmp/nope" --initrd "$tmp/i" "$t"
bad "error: --initrd is a directory" "^mktftp\\.sh: --initrd=$tmp: not a readable file\$" \
	--kernel "$tmp/k" --initrd "$tmp" "$t"
bad "error: no OUTDIR" '^mktftp\.sh: OUTDIR: missing; give the TFTP root' "${ok[@]}"
bad "error: two OUTDIRs" '^mktftp\.sh: .*: one OUTDIR only' "${ok[@]}" "$t" "$tmp/other"
bad "error: OUTDIR is a file" "^mktftp\\.sh: OUTDIR=$tmp/k: exists and is not a directory\$" \
	"${ok[@]}" "$tmp/k"
bad "error: --overlay without --mac" '^mktftp\.sh: --overlay=tmpfs: must follow a --mac' \
	--overlay tmpfs "${ok[@]}" "$t"
bad "error: --overlay before --target" '^mktftp\.sh: --overlay=tmpfs: must follow a --mac' \
	--mac aa:bb:cc:dd:ee:01 --overlay tmpfs --target e0.1p1 "${ok[@]}" "$t"
bad "error: --overlay twice" '^mktftp\.sh: --overlay=e1.2: must follow a --mac' \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay e1.1 --overlay e1.2 "${ok[@]}" "$t"
bad "error: --overlay=ram" '^mktftp\.sh: --overlay=ram: expected tmpfs, tmpfs:size=SIZE or eSHELF\.SLOT\[pPART\]$' \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay ram "${ok[@]}" "$t"
bad "error: --overlay on the root's disk" '^mktftp\.sh: --overlay=e0.1p2: is the root.s own disk e0.1$' \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay e0.1p2 "${ok[@]}" "$t"
bad "error: one overlay disk for two machines" '^mktftp\.sh: --overlay=e1.1: also the overlay of aa:bb:cc:dd:ee:01: one overlay disk per machine$' \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay e1.1p1 --mac aa:bb:cc:dd:ee:02 --target e0.1p1 --overlay e1.1 "${ok[@]}" "$t"
bad "error: --hostname with a dot" '^mktftp\.sh: --hostname=a\.b: expected a host name' \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --hostname a.b "${ok[@]}" "$t"
bad "error: --hostname without --mac" '^mktftp\.sh: --hostname=x: must follow a --mac' \
	--hostname x "${ok[@]}" "$t"
bad "error: --image-version with a space" '^mktftp\.sh: --image-version=a b: expected 1-40 letters' \
	--image-version "a b" "${ok[@]}" "$t"
bad "error: unknown option" '^mktftp\.sh: --rooot: unknown option' --rooot x "${ok[@]}" "$t"
bad "error: option without value" '^mktftp\.sh: --kernel: needs a value$' "${ok[@]}" "$t" --kernel
AOE_PXELINUX=$tmp/none/pxelinux.0 bad "error: pxelinux.0 missing names the packages" \
	"^mktftp\\.sh: $tmp/none/pxelinux.0: missing; apt-get install pxelinux syslinux-common\$" \
	"${ok[@]}" "$t"
if [ -e "$t" ]; then fail "errors write nothing" "$t was created"; else pass "errors write nothing"; fi

if help=$("$tool" --help 2>&1) && [[ $help == "usage: mktftp.sh "*"--kernel FILE"*"apt-get install"* ]]; then pass "--help"; else
	fail "--help" "want exit 0 and a usage text naming --kernel FILE and apt-get install"
fi

# --- the tree ---------------------------------------------------------------
need="pxelinux.0/ldlinux.c32 not installed (apt-get install pxelinux syslinux-common)"
tree_cases=("tree: files present" "tree: modes 0644/0755" "tree: copies are exact"
	"default: root= and options" "default: IPAPPEND 2 per label" "default: no template comments"
	"per-MAC: file names" "per-MAC: targets" "per-MAC: drops the default's rd.aoe.target"
	"re-run replaces files" "warning: two machines on one disk"
	"shared image: per-MAC overlays" "shared image: menus name the version"
	"warning: a machine on the default's disk, read-write"
	"UEFI: GRUB entries as pxelinux's" "UEFI: grub.cfg finds the MAC's entry" "UEFI: BIOS only without shim and GRUB")
if [ ! -r "$AOE_PXELINUX" ] || [ ! -r "$AOE_LDLINUX" ]; then
	for c in "${tree_cases[@]}"; do skip "$c" "$need"; done
	exit 0
fi

out=$tmp/tftp
(
	umask 077 # the tool must set the modes itself
	"$tool" --root UUID=0f1e --append "rd.aoe.target=e3.1p2 ro" --append "rd.aoe.mtu=1500" \
		--mac AA:BB:CC:00:11:22 --target e3.7p1 --mac 02:00:00:00:00:0f --target e65534.254 \
		"${ok[@]}" "$out"
) > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	for c in "${tree_cases[@]}"; do fail "$c" "mktftp.sh exited $rc: $(head -1 "$tmp/err")"; done
	exit 0
fi

files="bootx64.efi grub/grub.cfg grubx64.efi initrd.img ldlinux.c32 pxelinux.0 pxelinux.cfg/01-02-00-00-00-00-0f pxelinux.cfg/01-02-00-00-00-00-0f.grub pxelinux.cfg/01-aa-bb-cc-00-11-22 pxelinux.cfg/01-aa-bb-cc-00-11-22.grub pxelinux.cfg/default pxelinux.cfg/default.grub vmlinuz"
got=$(cd "$out" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')
if [ "$got" = "$files " ]; then pass "tree: files present"; else
	fail "tree: files present" "got '$got', want '$files '"
fi

modes=$(cd "$out" && find . -printf '%y %m %p\n' | awk '($1 == "f" && $2 != "644") || ($1 == "d" && $2 != "755")')
if [ -z "$modes" ]; then pass "tree: modes 0644/0755"; else
	fail "tree: modes 0644/0755" "$(echo "$modes" | tr '\n' ';')"
fi

if cmp -s "$out/vmlinuz" "$tmp/k" && cmp -s "$out/initrd.img" "$tmp/i" &&
	cmp -s "$out/pxelinux.0" "$AOE_PXELINUX" && cmp -s "$out/ldlinux.c32" "$AOE_LDLINUX" &&
	cmp -s "$out/bootx64.efi" "$AOE_SHIM" && cmp -s "$out/grubx64.efi" "$AOE_GRUBNET"; then
	pass "tree: copies are exact"
else
	fail "tree: copies are exact" "a copied file differs from its source"
fi

# appends FILE: the APPEND lines of FILE, one per label, whitespace trimmed.
appends() { awk 'toupper($1) == "APPEND" { $1 = $1; print }' "$1" 2> /dev/null; }
want="APPEND initrd=initrd.img root=UUID=0f1e rd.aoe.mtu=auto console=ttyS0,115200 console=tty0 rd.aoe.target=e3.1p2 ro rd.aoe.mtu=1500
APPEND initrd=initrd.img root=UUID=0f1e rd.aoe.mtu=auto console=ttyS0,115200 console=tty0 rd.shell rd.debug rd.aoe.target=e3.1p2 ro rd.aoe.mtu=1500"
got=$(appends "$out/pxelinux.cfg/default")
if [ "$got" = "$want" ]; then pass "default: root= and options"; else
	fail "default: root= and options" "got '$got'"
fi

# Each LABEL that has a KERNEL must have IPAPPEND 2 (BOOTIF=), and DEFAULT aoe.
v=$(awk 'toupper($1) == "LABEL" { if (k && !ip) bad = bad " " l; l = $2; k = ip = 0 }
	toupper($1) == "KERNEL" { k = 1 } toupper($1) == "IPAPPEND" && $2 == 2 { ip = 1 }
	toupper($1) == "DEFAULT" { d = $2 }
	END { if (k && !ip) bad = bad " " l; print (d == "aoe" ? "" : "DEFAULT is " d) bad }' \
	"$out/pxelinux.cfg/default")
if [ -z "$v" ] && grep -qi '^ *IPAPPEND 2$' "$out/pxelinux.cfg/default"; then
	pass "default: IPAPPEND 2 per label"
else
	fail "default: IPAPPEND 2 per label" "missing in:$v"
fi

if grep -v '^# \(Every machine\|Written by\)' "$out/pxelinux.cfg/default" | grep -q '^ *#'; then
	fail "default: no template comments" "template comment lines left"
else
	pass "default: no template comments"
fi

if [ -f "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22" ] && [ -f "$out/pxelinux.cfg/01-02-00-00-00-00-0f" ]; then
	pass "per-MAC: file names"
else
	fail "per-MAC: file names" "want 01- + lowercase dashed MAC, got: $(find "$out/pxelinux.cfg" -type f -printf '%f ')"
fi

r1=$(appends "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22" | grep -o ' root=[^ ]*' | sort -u)
r2=$(appends "$out/pxelinux.cfg/01-02-00-00-00-00-0f" | grep -o ' root=[^ ]*' | sort -u)
ip=$(grep -ci '^ *IPAPPEND 2$' "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22")
if [ "$r1" = " root=/dev/etherd/e3.7p1" ] && [ "$r2" = " root=/dev/etherd/e65534.254" ] && [ "$ip" = 2 ]; then
	pass "per-MAC: targets"
else
	fail "per-MAC: targets" "got '$r1' and '$r2', $ip IPAPPEND 2 lines"
fi

if grep -q 'rd.aoe.target=' "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22" ||
	! grep -q ' ro rd.aoe.mtu=1500$' "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22"; then
	fail "per-MAC: drops the default's rd.aoe.target" "$(appends "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22" | head -1)"
else
	pass "per-MAC: drops the default's rd.aoe.target"
fi

# grub_lines FILE: a GRUB entry's linux and initrd lines, whitespace trimmed.
grub_lines() { awk '$1 == "linux" || $1 == "initrd" { $1 = $1; print }' "$1" 2> /dev/null; }
want_grub="linux /vmlinuz root=/dev/etherd/e3.7p1 rd.aoe.mtu=auto console=ttyS0,115200 console=tty0 ro rd.aoe.mtu=1500 BOOTIF=01-aa-bb-cc-00-11-22
initrd /initrd.img
linux /vmlinuz root=/dev/etherd/e3.7p1 rd.aoe.mtu=auto console=ttyS0,115200 console=tty0 rd.shell rd.debug ro rd.aoe.mtu=1500 BOOTIF=01-aa-bb-cc-00-11-22
initrd /initrd.img"
check_eq "UEFI: GRUB entries as pxelinux's" \
	"$(grub_lines "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22.grub"):$(grep -c '^set default=aoe$' "$out/pxelinux.cfg/01-aa-bb-cc-00-11-22.grub"):$(grep -c 'BOOTIF=\$bootif$' "$out/pxelinux.cfg/default.grub")" \
	"$want_grub:1:2"
check "UEFI: grub.cfg finds the MAC's entry" "$(cat "$out/grub/grub.cfg")" \
	sh -c 'grep -qx "configfile /pxelinux.cfg/\$bootif.grub" "$1" && grep -qx "set bootif=01-\$m1-\$m2-\$m3-\$m4-\$m5-\$m6" "$1"' sh "$out/grub/grub.cfg"
msg=$(AOE_SHIM=$tmp/none "$tool" --kernel "$tmp/k" --initrd "$tmp/i" "$tmp/tftp-bios" 2>&1)
check "UEFI: BIOS only without shim and GRUB" "$msg" \
	sh -c 'test ! -e "$1/bootx64.efi" -a ! -e "$1/pxelinux.cfg/default.grub" && printf %s "$2" | grep -q "BIOS only: no .*apt-get install shim-signed grub-efi-amd64-signed"' sh "$tmp/tftp-bios" "$msg"

echo new-kernel > "$tmp/k2"
if "$tool" --kernel "$tmp/k2" --initrd "$tmp/i" "$out" > /dev/null 2>&1 &&
	cmp -s "$out/vmlinuz" "$tmp/k2" && grep -q 'root=/dev/etherd/e0.1p1 ' "$out/pxelinux.cfg/default" &&
	[ -z "$(find "$out" -name '.*' ! -name .)" ]; then
	pass "re-run replaces files"
else
	fail "re-run replaces files" "vmlinuz or default not replaced, or temp files left"
fi

"$tool" --mac aa:bb:cc:dd:ee:01 --target e0.7p1 --mac aa:bb:cc:dd:ee:02 --target e0.7p2 \
	"${ok[@]}" "$tmp/tftp2" > /dev/null 2> "$tmp/err"
w1=$(grep -c 'warning: .*both boot e0.7' "$tmp/err")
"$tool" --append ro --mac aa:bb:cc:dd:ee:01 --target e0.7p1 --mac aa:bb:cc:dd:ee:02 --target e0.7p1 \
	"${ok[@]}" "$tmp/tftp3" > /dev/null 2> "$tmp/err"
w2=$(grep -c warning "$tmp/err")
if [ "$w1" = 1 ] && [ "$w2" = 0 ]; then pass "warning: two machines on one disk"; else
	fail "warning: two machines on one disk" "$w1 warning(s) read-write, $w2 with ro; want 1 and 0"
fi

# a shared image: every machine boots e0.1p1, two with their own overlay disk
"$tool" --root /dev/etherd/e0.1p1 --append "ro rd.aoe.overlay=tmpfs" --image-version 2026-11 \
	--mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay e1.1 --hostname lab01 --mac aa:bb:cc:dd:ee:02 --target e0.1p1 --overlay e1.2p1 \
	"${ok[@]}" "$tmp/tftp4" > /dev/null 2> "$tmp/err"
a1=$(appends "$tmp/tftp4/pxelinux.cfg/01-aa-bb-cc-dd-ee-01" | head -n1)
if [[ $a1 == *" root=/dev/etherd/e0.1p1 "*" ro rd.aoe.overlay=tmpfs ro rd.aoe.overlay=e1.1 systemd.hostname=lab01" ]] && ! grep -q warning "$tmp/err" &&
	appends "$tmp/tftp4/pxelinux.cfg/01-aa-bb-cc-dd-ee-02" | head -n1 | grep -q ' rd.aoe.overlay=e1.2p1$'; then
	pass "shared image: per-MAC overlays"
else
	fail "shared image: per-MAC overlays" "got '$a1', stderr: $(cat "$tmp/err")"
fi
if grep -q '^MENU TITLE AoE diskless boot \[image 2026-11\]$' "$tmp/tftp4/pxelinux.cfg/default" &&
	grep -q 'MENU LABEL Boot from the AoE root \[image 2026-11\]$' "$tmp/tftp4/pxelinux.cfg/01-aa-bb-cc-dd-ee-01" &&
	head -n1 "$tmp/tftp4/pxelinux.cfg/default" | grep -q '(image 2026-11)'; then
	pass "shared image: menus name the version"
else
	fail "shared image: menus name the version" "$(grep -i 'menu title\|menu label' "$tmp/tftp4/pxelinux.cfg/default" | head -n2 | tr '\n' ';')"
fi
"$tool" --mac aa:bb:cc:dd:ee:01 --target e0.1p1 "${ok[@]}" "$tmp/tftp5" > /dev/null 2> "$tmp/err"
w1=$(grep -c 'warning: aa:bb:cc:dd:ee:01 boots e0.1 read-write, and so does every machine' "$tmp/err")
"$tool" --mac aa:bb:cc:dd:ee:01 --target e0.1p1 --overlay tmpfs "${ok[@]}" "$tmp/tftp6" > /dev/null 2> "$tmp/err"
w2=$(grep -c warning "$tmp/err")
if [ "$w1" = 1 ] && [ "$w2" = 0 ]; then pass "warning: a machine on the default's disk, read-write"; else
	fail "warning: a machine on the default's disk, read-write" "$w1 warning(s) without overlay, $w2 with; want 1 and 0"
fi

# a run that only adds a machine keeps the default as it was (it used to
# rewrite it to a plain read-write root, dropping ro, the overlay and the version)
before=$(cat "$tmp/tftp4/pxelinux.cfg/default")
o=$("$tool" --mac aa:bb:cc:dd:ee:03 --target e0.1p1 --overlay tmpfs "${ok[@]}" "$tmp/tftp4" 2>&1)
check "adding a machine keeps the default (ro, the overlay, the version)" "$o" \
	test "$before" = "$(cat "$tmp/tftp4/pxelinux.cfg/default")" -a -f "$tmp/tftp4/pxelinux.cfg/01-aa-bb-cc-dd-ee-03"
check "... and says so" "$o" grep -q 'pxelinux.cfg/default kept as it was' <<< "$o"
check "--image-version: pxelinux prints it (SAY)" "" grep -qx 'SAY aoe-boot: image 2026-11' "$tmp/tftp4/pxelinux.cfg/default"
check "the screen is the last console (the rescue shell where a lab PC's user sees it)" "" \
	awk '$1 == "APPEND" { n++; c = ""; for (i = 2; i <= NF; i++) if ($i ~ /^console=/) c = $i; if (c != "console=tty0") bad++ }
		END { exit !(n > 0 && !bad) }' "$tmp/tftp4/pxelinux.cfg/default"
# every entry's whole command line through aoe-up --check, before anything is written
o=$("$tool" --append "rd.aoe.mtu=jumbo" "${ok[@]}" "$tmp/tftp7" 2>&1); rc=$?
check "--append an option aoe-up refuses: one line, exit 2, nothing written" "$rc:$o" \
	sh -c '[ "$1" = 2 ] && [ "$(printf "%s\n" "$2" | wc -l)" = 1 ] && printf "%s\n" "$2" | grep -q "^mktftp\.sh: --append: aoe-up --check refuses its command line: .*rd\.aoe\.mtu" && [ ! -e "$3" ]' sh "$rc" "$o" "$tmp/tftp7"
o=$("$tool" --mac aa:bb:cc:dd:ee:09 --target e0.1p1 --overlay tmpfs:size=lots "${ok[@]}" "$tmp/tftp8" 2>&1); rc=$?
check "a machine's overlay aoe-up refuses: one line, exit 2" "$rc:$o" test "$rc" = 2 -a ! -e "$tmp/tftp8/pxelinux.cfg"

# vblade.conf.example and the lab guide's export file, read the way Debian's
# vblade-generator reads them (sh -n, then ". FILE" under set -eu, the five
# keys emptied first): every key set, options whole, nothing run.
vblade_read() {
	sh -c 'set -eu; sh -n "$1" || exit 9; shelf= slot= netif= filename= options=
		. "$1"; printf "%s|%s|%s|%s|%s\n" "$shelf" "$slot" "$netif" "$filename" "$options"' sh "$1" 2>&1
}
check_eq "vblade.conf.example: sourced as the generator does, options whole" \
	"$(vblade_read pxelinux/vblade.conf.example)" "1|7|enp2s0|/srv/aoe/lab07.img|-s -m aa:bb:cc:dd:ee:07"
sed -n "/^cat > \/etc\/vblade.conf.d\/lab07.conf << 'EOF'/,/^EOF/p" docs/lab-guide.md | sed '1d;$d' > "$tmp/lab07.conf"
check_eq "lab-guide.md: its lab07.conf, sourced as the generator does, options whole" \
	"$(vblade_read "$tmp/lab07.conf")" "1|7|eno1|/srv/aoe/lab07.img|-s -m aa:bb:cc:dd:ee:07"
printf '%s\n' shelf=1 slot=7 netif=eno1 filename=/x 'options=-s -m aa:bb:cc:dd:ee:07' > "$tmp/bad.conf"
out=$(vblade_read "$tmp/bad.conf")
check "the harness can fail: unquoted options= stops the generator's read" "$out" \
	test "${out##*|}" != "-s -m aa:bb:cc:dd:ee:07"
