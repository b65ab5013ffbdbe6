#!/bin/bash
# aoe-lab's record and its verbs so far (lab/): every bad value, key,
# section and clash gives one line naming it and the expected form, with
# the line number; nothing in the record is ever run; `check` puts every
# machine's kernel command line through the real aoe-up --check; `client
# add|rm` change the record whole or not at all, one at a time. No root.
# shellcheck disable=SC2016 # sed scripts and hostile words, literal on purpose
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C src > /dev/null 2>&1 || { fail "helper build" "make -C src failed"; exit 1; }
export AOE_UP=$PWD/src/aoe-up AOE_LAB_SYS=$tmp/sys AOE_LAB_STATE=$tmp/state AOE_LAB_SYSTEMCTL=$tmp/systemctl
# systemctl's double: the calls in systemctl.log; it fails while systemctl.fail
# exists, and leaves a process running (as a service is) while systemctl.linger does
printf '#!/bin/sh\necho "$*" >> "%s/systemctl.log"\n[ ! -e "%s/systemctl.linger" ] || sleep 3 > /dev/null 2>&1 &\n[ ! -e "%s/systemctl.fail" ]\n' \
	"$tmp" "$tmp" "$tmp" > "$tmp/systemctl"
chmod +x "$tmp/systemctl"
mkdir -p "$tmp/sys/class/net/eno1"
echo 52:54:00:aa:bb:01 > "$tmp/sys/class/net/eno1/address"

good='# the lab
[lab]
nic = eno1   # the lab NIC
layer_shelf = 100

[image lab]
shelf = 1
published = 3

[client pc07]
mac = 52:54:00:00:00:07
image = lab
layer = disk:8G
seat = 7
append = quiet
[client pc08]
mac = 52:54:00:00:00:08
image = lab@2'

# lab TEXT ARGS...: aoe-lab on a record holding TEXT; output in $out, status in $rc.
lab() {
	printf '%s\n' "$1" > "$tmp/lab.conf"
	shift
	out=$(lab/aoe-lab --config "$tmp/lab.conf" "$@" 2>&1)
	rc=$?
}
# bad NAME EDIT LINE: the good record with EDIT (a sed script) has exactly
# one problem, LINE, and check exits 3
bad() {
	lab "$(sed "$2" <<< "$good")" check
	check_eq "$1" "$rc:$out" "3:$tmp/lab.conf:$3"
}

lab "$good" check
check_eq "a good record: check says so, exit 0" "$rc:$out" "0:$tmp/lab.conf: 1 image(s), 2 machine(s): no problem"

bad "nic= not a name" 's/^nic = .*/nic = eno 1/' "3: nic=eno 1: expected a network interface name, e.g. eno1"
bad "mtu= out of range" '3a mtu = 900' "4: mtu=900: expected auto or a number 1500-9000"
bad "paths= not a list of names" '3a paths = eno2,,eno3' "4: paths=eno2,,eno3: expected up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2"
bad "paths= a name twice" '3a paths = eno2,eno2' "4: paths=eno2,eno2: expected up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2"
bad "paths= names the lab NIC" '3a paths = eno2,eno1' "4: paths=eno2,eno1: names nic= (eno1); expected up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2"
bad "dhcp= unknown word" '3a dhcp = yes' "4: dhcp=yes: expected proxy, full or off"
bad "dhcp=full without range=" '3a dhcp = full' "2: [lab]: dhcp=full needs range=; expected FIRST,LAST IPv4 addresses, e.g. 10.0.0.100,10.0.0.199"
bad "range= with proxy DHCP" '3a range = 10.0.0.1,10.0.0.9' "4: range=: only with dhcp=full (proxy DHCP hands out no addresses)"
bad "range= bad address" '3a dhcp = full\nrange = 10.0.0.1,10.0.0.256' "5: range=10.0.0.1,10.0.0.256: expected FIRST,LAST IPv4 addresses, e.g. 10.0.0.100,10.0.0.199"
bad "tftp= relative or with .." '3a tftp = /srv/../etc' "4: tftp=/srv/../etc: expected an absolute path, e.g. /srv/tftp"
bad "shelf= 4095" 's/^shelf = 1/shelf = 4095/' "7: shelf=4095: expected an AoE shelf number 0-65534 (not 4095)"
bad "shelf= taken by the layers" 's/^shelf = 1/shelf = 100/' "7: shelf=100: taken by [lab] layer_shelf; expected a shelf of its own"
bad "published= 0" 's/^published = 3/published = 0/' "8: published=0: expected a version number 1-254"
bad "suite= unknown" '8a suite = jessie' "9: suite=jessie: expected a Debian suite: bookworm, trixie or forky"
bad "mac= upper case" 's/00:07$/00:0G/' "11: mac=52:54:00:00:00:0G: expected a unicast MAC, aa:bb:cc:dd:ee:ff"
bad "mac= multicast" 's/^mac = 52:54:00:00:00:07/mac = 01:00:5e:00:00:07/' "11: mac=01:00:5e:00:00:07: expected a unicast MAC, aa:bb:cc:dd:ee:ff"
bad "mac= twice in the lab" 's/00:08$/00:07/' "17: mac=52:54:00:00:00:07: [client pc07] has it; expected one section per machine"
bad "image= unknown" 's/^image = lab@2/image = kiosk/' "18: image=kiosk: no [image kiosk] section; expected one of: lab"
bad "image= bad version" 's/^image = lab@2/image = lab@x/' "18: image=lab@x: expected an image's name, or NAME@VERSION"
bad "layer= unknown" 's/^layer = disk:8G/layer = nfs/' "13: layer=nfs: expected tmpfs, disk:SIZE (e.g. disk:8G) or none"
bad "layer=disk without seat=" '/^seat = 7/d' "10: [client pc07]: layer=disk needs seat=; expected a number 0-254"
bad "layer=disk without layer_shelf=" '/^layer_shelf/d' "12: layer=disk:8G: needs layer_shelf= in [lab]; expected an AoE shelf number 0-65534 (not 4095)"
bad "seat= twice" '$a layer = disk:4G\nseat = 7' "20: seat=7: [client pc07] has it; expected a seat of its own"
bad "layer=none on a shared image" '$a layer = none' "19: layer=none: [client pc07] boots image lab too; expected tmpfs or disk:SIZE (a shared image is read-only)"
bad "append= with a quote" 's/^append = quiet/append = quiet "x"/' "15: append=quiet \"x\": expected kernel options: letters, digits, blanks and = , . : / _ + @ % ~ ! - (GRUB and iPXE read entries as scripts)"
bad "append= with a GRUB or iPXE command after ;" 's/^append = quiet/append = quiet;reboot/' "15: append=quiet;reboot: expected kernel options: letters, digits, blanks and = , . : / _ + @ % ~ ! - (GRUB and iPXE read entries as scripts)"
bad "append= an option aoe-up refuses" 's/^append = quiet/append = rd.aoe.mtu=huge/' "15: [client pc07]: aoe-up: rd.aoe.mtu=huge: expected auto, keep or a number 68-65535"
bad "a key given twice" '8a published = 4' "9: published=: given again (first on line 8)"
bad "a section given twice" '$a [client pc07]' "19: [client pc07]: given again (first on line 10)"
bad "[lab] given twice" '$a [lab]' "19: [lab]: given again (first on line 2)"
bad "an unknown key" '3a colour = red' "4: colour=: unknown in [lab]"
bad "an unknown section" '$a [printer x]' "19: [printer x]: unknown section; expected [lab], [image NAME] or [client NAME]"
bad "a bad name" 's/^\[client pc08\]/[client PC_8]/' "16: [client PC_8]: bad name; expected a-z, 0-9 and -, 1-32 characters"
bad "a line that is neither" '3a eno1' "4: not a [section] or key = value line"
bad "a key before any section" '1i nic = eno1' "1: nic=: outside a section; expected a [lab], [image NAME] or [client NAME] line first"
bad "a machine without mac=" '/^mac = 52:54:00:00:00:08/d' "16: [client pc08]: no mac=; expected a unicast MAC, aa:bb:cc:dd:ee:ff"
bad "an image without shelf=" '/^shelf = 1/d' "6: [image lab]: no shelf=; expected an AoE shelf number 0-65534 (not 4095)"
bad "a machine on an image not yet published" '/^published/d' "9: [client pc07]: image lab has no published version yet"
lab "[image lab]
shelf = 1" check
check_eq "no [lab]: one line, exit 3" "$rc:$out" "3:$tmp/lab.conf: no [lab] section; expected one, with nic = IFACE"
out=$(lab/aoe-lab --config "$tmp/none.conf" check 2>&1); rc=$?
check_eq "a missing record: one line, exit 3" "$rc:$out" "3:$tmp/none.conf: cannot read it; expected the lab's record (aoe-lab --config FILE)"

# nothing in the record is run: words that a shell would expand or execute
lab "[lab]
nic = eno1
[image lab]
shelf = 1
published = 1
[client \$(touch $tmp/ran1)]
mac = 52:54:00:00:00:09
image = lab
append = x=\$(touch $tmp/ran2) y=\`touch $tmp/ran3\` ;touch $tmp/ran4" check
check "hostile words: the bad name is named" "$out" grep -qF '[client $(touch' <<< "$out"
lab "[lab]
nic = eno1
[image lab]
shelf = 1
published = 1
[client pc1]
mac = 52:54:00:00:00:09
image = lab
append = x=\$(touch $tmp/ran2) y=\`touch $tmp/ran3\` ;touch $tmp/ran4 \${IFS}" check
check "hostile words in append=: refused (GRUB and iPXE entries are scripts), exit 3" "$out" \
	test "$rc:$(grep -c 'append=.*expected kernel options: letters' <<< "$out")" = 3:1
check "hostile words in the record: none is run" "$(ls "$tmp")" test ! -e "$tmp/ran1" -a ! -e "$tmp/ran2" -a ! -e "$tmp/ran3" -a ! -e "$tmp/ran4"

# mutations of the good record (a fixed seed: the same 150 every run): one
# character replaced or one hostile word inserted. check always ends 0 or
# 3, every line of its output names the record (and a line), nothing is run.
RANDOM=18
words=('$(touch '"$tmp"'/ran5)' '`touch '"$tmp"'/ran6`' ';' '[' ']' '=' '#' "\\" '"' ' ' '@' ':' 'é' '[client x]' '[lab]' '-')
odd=0
for ((i = 0; i < 150; i++)); do
	p=$((RANDOM % ${#good})) w=${words[RANDOM % ${#words[@]}]}
	if ((RANDOM % 2)); then m=${good:0:p}$w${good:p+1}; else m=${good:0:p}$w${good:p}; fi
	lab "$m" check
	if [[ ! $rc =~ ^[03]$ ]] || grep -qvE "^$tmp/lab\.conf(:[0-9]+)?: " <<< "$out"; then
		odd=$((odd + 1))
		[ "$odd" = 1 ] && fail "mutated records: check ends 0 or 3, each line names the record" "rc $rc on $(printf '%q' "$m"): $out"
	fi
done
[ "$odd" = 0 ] && pass "mutated records: check ends 0 or 3, each line names the record (150 cases)"
check "mutated records: nothing in them is run" "" test ! -e "$tmp/ran5" -a ! -e "$tmp/ran6"

# the command lines check builds (through lab_cmdline)
cmdline() { (. lab/conf.sh; . lab/cmdline.sh; conf_read "$tmp/lab.conf"; lab_cmdline "$1" "$(nic_mac "${CONF[lab/-/nic]}")"); }
printf '%s\n' "$good" '[client pc09]' 'mac = 52:54:00:00:00:09' 'image = lab' 'layer = tmpfs' > "$tmp/lab.conf"
check_eq "command line: a kept layer on its seat, the target pinned to the lab NIC" "$(cmdline pc07)" \
	"root=/dev/etherd/e1.3p1 ro rd.aoe.overlay=e100.7 rd.aoe.overlay.format=1 rd.aoe.mac=52:54:00:aa:bb:01 systemd.hostname=pc07 quiet"
check_eq "command line: a pinned version, tmpfs by default" "$(cmdline pc08)" \
	"root=/dev/etherd/e1.2p1 ro rd.aoe.overlay=tmpfs rd.aoe.mac=52:54:00:aa:bb:01 systemd.hostname=pc08"
rm -rf "$tmp/sys/class/net/eno1"
check_eq "command line: no pin when the lab NIC is not on this machine" "$(cmdline pc09)" \
	"root=/dev/etherd/e1.3p1 ro rd.aoe.overlay=tmpfs systemd.hostname=pc09"

# client add / rm: the record changes whole or not at all
export AOE_LAB_RUN=$tmp/run
# edit NAME ARGS...: aoe-lab ARGS on the record as it is now; output in
# $out, status in $rc; $same says whether the record is byte for byte unchanged
edit() {
	local before
	before=$(cat "$tmp/lab.conf" 2> /dev/null)
	out=$(lab/aoe-lab --config "$tmp/lab.conf" "$@" 2>&1)
	rc=$?
	[ "$before" = "$(cat "$tmp/lab.conf" 2> /dev/null)" ] && same=1 || same=0
}
# refused NAME LINE ARGS...: ARGS end with exit 2, the one line LINE, and the record unchanged
refused() {
	local n=$1 l=$2
	shift 2
	edit "$@"
	check_eq "$n" "$rc:$same:$out" "2:1:$l"
}
printf '%s\n' "$good" > "$tmp/lab.conf"
edit client add 52:54:00:00:00:0a
check_eq "client add MAC: created with the defaults" "$rc:$same:$out" "0:0:created: [client pc-00000a] (52:54:00:00:00:0a, image lab, layer tmpfs)"
check "client add: the record still checks, comments kept" "$(cat "$tmp/lab.conf")" \
	test "$(lab/aoe-lab --config "$tmp/lab.conf" check 2>&1 | tail -n1)" = "$tmp/lab.conf: 1 image(s), 3 machine(s): no problem" -a \
	"$(head -n1 "$tmp/lab.conf")" = "# the lab"
edit client add 52:54:00:00:00:0a
check_eq "client add, the same again: unchanged" "$rc:$same:$out" "0:1:unchanged: [client pc-00000a] (52:54:00:00:00:0a)"
edit client add 52:54:00:00:00:0b --name lab5 --layer disk:4G --append "quiet splash"
check_eq "client add --layer disk: the lowest free seat" "$rc:$same:$out" "0:0:created: [client lab5] (52:54:00:00:00:0b, image lab, layer disk:4G, seat 0)"
check_eq "... and its section" "$(tail -n6 "$tmp/lab.conf")" "$(printf '%s\n' '[client lab5]' 'mac = 52:54:00:00:00:0b' 'image = lab' 'layer = disk:4G' 'seat = 0' 'append = quiet splash')"
refused "client add: a MAC the lab has" "aoe-lab: client add: 52:54:00:00:00:0a: [client pc-00000a] has it; expected a MAC not in the lab (aoe-lab client rm pc-00000a first)" \
	client add 52:54:00:00:00:0a --name other
refused "client add: a name the lab has" "aoe-lab: client add: --name pc07: [client pc07] exists (52:54:00:00:00:07); expected a name not in the lab" \
	client add 52:54:00:00:00:0c --name pc07
refused "client add: a bad MAC" "aoe-lab: client add: 52-54-00-00-00-0c: expected a unicast MAC, aa:bb:cc:dd:ee:ff" client add 52-54-00-00-00-0c
refused "client add: a bad --layer" "aoe-lab: client add: --layer disk: expected tmpfs, disk:SIZE (e.g. disk:8G) or none" client add 52:54:00:00:00:0c --layer disk
refused "client add: an unknown option" "aoe-lab: client add: --colour: unknown option; expected --name, --image, --layer or --append" client add 52:54:00:00:00:0c --colour red
refused "client add: an image the lab lacks" \
	"aoe-lab: client add: the record would read: $tmp/lab.conf:$(($(wc -l < "$tmp/lab.conf") + 4)): image=kiosk: no [image kiosk] section; expected one of: lab" \
	client add 52:54:00:00:00:0c --image kiosk
refused "client add: an option aoe-up refuses" "aoe-lab: client add: --append: aoe-up: rd.aoe.mtu=huge: expected auto, keep or a number 68-65535" \
	client add 52:54:00:00:00:0c --append rd.aoe.mtu=huge
printf '[image kiosk]\nshelf = 2\npublished = 1\n' >> "$tmp/lab.conf"
refused "client add: several images, no --image" "aoe-lab: client add: --image: expected one of: lab kiosk" client add 52:54:00:00:00:0c
mkdir -p "$tmp/run"
flock -o "$tmp/run/lock" sleep 5 &	# -o: killing flock frees the lock
holder=$!
for _ in $(seq 50); do flock -n "$tmp/run/lock" true || break; sleep 0.1; done
edit client add 52:54:00:00:00:0c --image kiosk
check "client add while another aoe-lab changes the lab: exit 4, record unchanged" "$rc:$same:$out" \
	test "$rc:$same" = 4:1 -a -n "$(grep -x 'aoe-lab: client add: another aoe-lab is changing the lab (.*); try again when it is done' <<< "$out")"
kill "$holder" 2> /dev/null; wait "$holder" 2> /dev/null
edit client rm 52:54:00:00:00:0b
check_eq "client rm MAC: removed" "$rc:$same:$out" "0:0:removed: [client lab5] (52:54:00:00:00:0b)"
check "client rm: the section is gone, the next one stays" "$(cat "$tmp/lab.conf")" \
	test -z "$(grep -e lab5 -e 'seat = 0' "$tmp/lab.conf")" -a -n "$(grep -x '\[image kiosk\]' "$tmp/lab.conf")"
edit client rm pc-00000a
check_eq "client rm NAME: removed" "$rc:$same:$out" "0:0:removed: [client pc-00000a] (52:54:00:00:00:0a)"
refused "client rm: a machine the lab lacks" "aoe-lab: client rm: pc99: no such machine; expected a name or MAC from aoe-lab client list" client rm pc99
left=$(find "$tmp" -maxdepth 1 ! -path "$tmp" ! -name lab.conf ! -name run ! -name sys ! -name systemctl)
check "client add/rm leave no temporary file beside the record" "$left" test -z "$left"

# apply: the boot entries as one generation, switched in one rename
srv=$tmp/srv
mkdir -p "$srv" "$tmp/sys/class/net/eno1"
echo 52:54:00:aa:bb:01 > "$tmp/sys/class/net/eno1/address"
for v in 2 3; do
	mkdir -p "$AOE_LAB_STATE/images/lab/$v"
	echo "kernel $v" > "$AOE_LAB_STATE/images/lab/$v/vmlinuz"
	echo "initrd $v" > "$AOE_LAB_STATE/images/lab/$v/initrd.img"
	echo "root $v" > "$AOE_LAB_STATE/images/lab/$v/root.img"
	chmod 0644 "$AOE_LAB_STATE/images/lab/$v/vmlinuz"
	chmod 0600 "$AOE_LAB_STATE/images/lab/$v/initrd.img" # as dracut writes it
done
printf '%s\n' "$good" | sed "3a tftp = $srv" > "$tmp/lab.conf"
# gens: the generation directories, hidden ones too
gens() { find "$srv/aoe-lab" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | paste -sd, -; }
edit apply
st=$AOE_LAB_STATE
check_eq "apply: a first generation, switched in; every version a machine boots and the kept layer exported" "$rc:$out" \
	"0:started: aoe-lab-export@lab.2 (e1.2 $st/images/lab/2/root.img, read-only)
started: aoe-lab-export@lab.3 (e1.3 $st/images/lab/3/root.img, read-only)
created: layer disk $st/layers/pc07.img (8G, blank)
started: aoe-lab-export@pc07.layer (e100.7 $st/layers/pc07.img, read-write, only 52:54:00:00:00:07)
switched: $srv/pxelinux.cfg -> generation 1 (2 machine(s))"
check_eq "apply: the units enabled and started through systemctl" "$(cat "$tmp/systemctl.log")" \
	"$(printf 'enable aoe-lab-export@%s.service\nrestart aoe-lab-export@%s.service\n' lab.2 lab.2 lab.3 lab.3 pc07.layer pc07.layer)"
check_eq "apply: a kept layer's export: vblade's words for the unit, synced, only its machine" \
	"$(cat "$st/exports/pc07.layer.env")" \
	"$(printf '%s\n' '# aoe-lab: written by aoe-lab from the record; read by aoe-lab-export@.service' \
		SHELF=100 SLOT=7 NIC=eno1 "FILE=$st/layers/pc07.img" 'FLAGS=-s -m 52:54:00:00:00:07')"
check_eq "apply: the layer disk is sparse and blank (the machine's first boot formats it)" \
	"$(stat -c '%s %b' "$st/layers/pc07.img"):$(od -An -c -N16 "$st/layers/pc07.img" | tr -d ' ')" "8589934592 0:\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
check_eq "apply: pxelinux.cfg is a symlink into it" "$(readlink "$srv/pxelinux.cfg")" "aoe-lab/1/pxelinux.cfg"
check_eq "apply: a machine's entry: its version's kernel, its checked command line" \
	"$(grep -E '^  (KERNEL|APPEND)' "$srv/pxelinux.cfg/01-52-54-00-00-00-07")" \
	"$(printf '%s\n' '  KERNEL aoe-lab/1/lab-3/vmlinuz' \
		'  APPEND initrd=aoe-lab/1/lab-3/initrd.img root=/dev/etherd/e1.3p1 ro rd.aoe.overlay=e100.7 rd.aoe.overlay.format=1 rd.aoe.mac=52:54:00:aa:bb:01 systemd.hostname=pc07 quiet')"
check_eq "apply: a pinned version gets its own kernel" "$(cat "$srv/aoe-lab/1/lab-2/vmlinuz")" "kernel 2"
check_eq "apply: the same machine's GRUB entry (UEFI): the same kernel and command line, BOOTIF= as IPAPPEND 2 gives it" \
	"$(grep -v '^#' "$srv/pxelinux.cfg/01-52-54-00-00-00-07.grub")" \
	"$(printf '%s\n' 'set aoe_entry=1' "echo 'aoe-lab: pc07: loading /aoe-lab/1/lab-3/vmlinuz'" \
		'linux /aoe-lab/1/lab-3/vmlinuz root=/dev/etherd/e1.3p1 ro rd.aoe.overlay=e100.7 rd.aoe.overlay.format=1 rd.aoe.mac=52:54:00:aa:bb:01 systemd.hostname=pc07 quiet BOOTIF=01-52-54-00-00-00-07' \
		'initrd /aoe-lab/1/lab-3/initrd.img' boot)"
check_eq "apply: ... and its iPXE entry, over TFTP without http=" \
	"$(grep -v '^#' "$srv/pxelinux.cfg/01-52-54-00-00-00-07.ipxe")" \
	"$(printf '%s\n' 'kernel /aoe-lab/1/lab-3/vmlinuz initrd=initrd.img root=/dev/etherd/e1.3p1 ro rd.aoe.overlay=e100.7 rd.aoe.overlay.format=1 rd.aoe.mac=52:54:00:aa:bb:01 systemd.hostname=pc07 quiet BOOTIF=01-52-54-00-00-00-07' \
		'initrd /aoe-lab/1/lab-3/initrd.img' boot)"
check_eq "apply: a machine not in the lab: GRUB and iPXE go back to the firmware" \
	"$(grep -v '^#' "$srv/pxelinux.cfg/default.grub"):$(grep -v '^#' "$srv/pxelinux.cfg/default.ipxe")" "exit:exit"
check "apply: a machine not in the lab boots its own disk" "" grep -qx '  LOCALBOOT 0' "$srv/pxelinux.cfg/default"
check_eq "apply: a world-readable kernel is hard-linked, a 0600 initramfs copied 0644 (TFTP sends only those)" \
	"$(stat -c '%a %h' "$srv/aoe-lab/1/lab-3/vmlinuz" "$srv/aoe-lab/1/lab-3/initrd.img" | paste -sd, -)" "644 2,644 1"
: > "$tmp/systemctl.log"
edit apply
check_eq "apply again: unchanged, no unit touched" "$rc:$out:$(cat "$tmp/systemctl.log")" "0:unchanged: $srv/pxelinux.cfg -> generation 1:"
edit client add 52:54:00:00:00:0d
check_eq "client add once entries are aoe-lab's: the record, then generation 2" "$rc:$same:$out" \
	"0:0:created: [client pc-00000d] (52:54:00:00:00:0d, image lab, layer tmpfs)
switched: $srv/pxelinux.cfg -> generation 2 (3 machine(s))"
edit apply
check_eq "apply after that: unchanged" "$rc:$out" "0:unchanged: $srv/pxelinux.cfg -> generation 2"
check "generation 2 has the new machine, generation 1 stays whole" "" \
	test -s "$srv/pxelinux.cfg/01-52-54-00-00-00-0d" -a ! -e "$srv/aoe-lab/1/pxelinux.cfg/01-52-54-00-00-00-0d" -a -s "$srv/aoe-lab/1/lab-3/vmlinuz"
edit client add 52:54:00:00:00:0e --image lab@4
check_eq "client add on a version without its kernel: one line, exit 1, record and entries unchanged" \
	"$rc:$same:$out:$(readlink "$srv/pxelinux.cfg"):$(gens)" \
	"1:1:aoe-lab: client add: [client pc-00000e]: image lab version 4 has no kernel and initramfs in $AOE_LAB_STATE/images/lab/4; expected vmlinuz and initrd.img there (aoe-lab image publish lab):aoe-lab/2/pxelinux.cfg:1,2"
edit client rm pc-00000d
check_eq "client rm: the record, then generation 3; the two newest kept" "$rc:$same:$out:$(gens)" \
	"0:0:removed: [client pc-00000d] (52:54:00:00:00:0d)
switched: $srv/pxelinux.cfg -> generation 3 (2 machine(s))
removed: generation 1:2,3"
check "client rm: its entry is gone" "" test ! -e "$srv/pxelinux.cfg/01-52-54-00-00-00-0d"
sed -i 's/^published = 3/published = 4/' "$tmp/lab.conf"
edit apply
check_eq "apply: a version without its kernel: one line, exit 1, the old entries stay" "$rc:$out:$(readlink "$srv/pxelinux.cfg"):$(gens)" \
	"1:aoe-lab: apply: [client pc07]: image lab version 4 has no kernel and initramfs in $AOE_LAB_STATE/images/lab/4; expected vmlinuz and initrd.img there (aoe-lab image publish lab):aoe-lab/3/pxelinux.cfg:2,3"
sed -i 's/^published = 4/published = 3/' "$tmp/lab.conf"
rm "$srv/pxelinux.cfg" && mkdir "$srv/pxelinux.cfg"
refused "apply: a pxelinux.cfg made by hand is not taken over" \
	"aoe-lab: apply: $srv/pxelinux.cfg: not aoe-lab's (a directory made by hand or by mktftp.sh); expected it moved away, aoe-lab writes its own" apply

# image publish / rollback / retire: a version is switched in whole, and the
# one machines ran before stays exported until retired
rm -rf "$srv" "$st/exports" "$st/layers"
: > "$tmp/systemctl.log"
mkdir -p "$srv"
for v in 4 5; do
	mkdir -p "$st/images/lab/$v"
	for f in vmlinuz initrd.img root.img; do echo "$f $v" > "$st/images/lab/$v/$f"; done
done
rm "$st/images/lab/5/root.img" # 5: not whole yet
printf '%s\n' '[lab]' 'nic = eno1' "tftp = $srv" 'layer_shelf = 100' '[image lab]' 'shelf = 1' \
	'[client pc01]' 'mac = 52:54:00:00:00:01' 'image = lab' > "$tmp/lab.conf"
# names DIR: the names in DIR, sorted, comma-separated
names() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | paste -sd, -; }
refused "image publish: an image the record lacks" "aoe-lab: image publish: kiosk: no [image kiosk] in the record; expected one of: lab" image publish kiosk
refused "image publish: a bad version" "aoe-lab: image publish: x: expected a version number 1-254" image publish lab x
refused "image rollback: nothing published yet" "aoe-lab: image rollback: image lab: nothing published yet; expected aoe-lab image publish lab first" image rollback lab
edit image publish lab 5
check_eq "image publish: a version without its root disk: one line, exit 1, nothing changed" "$rc:$same:$out:$(ls "$srv")" \
	"1:1:aoe-lab: image publish: image lab version 5: $st/images/lab/5 has no root.img, vmlinuz and initrd.img; expected one of: 2 3 4:"
edit image publish lab 3
check_eq "image publish NAME VERSION: exported read-only, recorded, the entries switched" "$rc:$same:$out" \
	"0:0:started: aoe-lab-export@lab.3 (e1.3 $st/images/lab/3/root.img, read-only)
published: image lab version 3
switched: $srv/pxelinux.cfg -> generation 1 (1 machine(s))"
check_eq "image publish: published= under the image's header" "$(sed -n '6,7p' "$tmp/lab.conf")" "$(printf '%s\n' 'published = 3' 'shelf = 1')"
edit image publish lab
check_eq "image publish NAME: the newest whole version; the old one stays exported" "$rc:$same:$out:$(grep -c ^published "$tmp/lab.conf")" \
	"0:0:started: aoe-lab-export@lab.4 (e1.4 $st/images/lab/4/root.img, read-only)
published: image lab version 4 (was 3, still exported)
switched: $srv/pxelinux.cfg -> generation 2 (1 machine(s)):1"
check "image publish: the machine's entry names the new version's kernel" "" grep -qx '  KERNEL aoe-lab/2/lab-4/vmlinuz' "$srv/pxelinux.cfg/01-52-54-00-00-00-01"
edit image publish lab 4
check_eq "image publish of the published version: unchanged" "$rc:$same:$out" \
	"0:1:unchanged: image lab version 4 is published
unchanged: $srv/pxelinux.cfg -> generation 2"
refused "image retire: the published version is refused" \
	"aoe-lab: image retire: image lab version 4: it is published; expected another version published first (aoe-lab image publish or rollback)" image retire lab 4
edit client add 52:54:00:00:00:02 --name pc02 --image lab@3
refused "image retire: a version a machine is pinned to is refused" \
	"aoe-lab: image retire: image lab version 3: [client pc02] is pinned to it (image = lab@3); expected it moved first" image retire lab 3
edit client rm pc02
edit image rollback lab
check_eq "image rollback: the version before, in one command (its export runs still)" "$rc:$same:$out" \
	"0:0:published: image lab version 3 (was 4, still exported)
switched: $srv/pxelinux.cfg -> generation 5 (1 machine(s))
removed: generation 3"
: > "$tmp/systemctl.log"
edit image retire lab 4
check_eq "image retire: the export stopped, the version's files deleted" "$rc:$out:$(cat "$tmp/systemctl.log"):$(names "$st/images/lab"):$(names "$st/exports")" \
	"0:stopped: aoe-lab-export@lab.4
retired: image lab version 4 (deleted $st/images/lab/4):disable --now aoe-lab-export@lab.4.service:2,3,5:lab.3.env"
refused "image retire: a version that is not there" "aoe-lab: image retire: image lab version 4: no such version in $st/images/lab" image retire lab 4
echo "root.img 5" > "$st/images/lab/5/root.img"
touch "$tmp/systemctl.fail"
edit image publish lab 5
check_eq "image publish: systemctl fails: one line, exit 1; record, exports and entries as they were" \
	"$rc:$same:$out:$(names "$st/exports"):$(readlink "$srv/pxelinux.cfg"):$(gens)" \
	"1:1:aoe-lab: image publish: systemctl enable and restart of aoe-lab-export@lab.5.service failed; the exports are as they were:lab.3.env:aoe-lab/5/pxelinux.cfg:4,5"
rm "$tmp/systemctl.fail"
mkdir "$tmp/lab.conf.new" # the record cannot be written
: > "$tmp/systemctl.log"
edit client add 52:54:00:00:00:04 --name pc04 --image lab@5
check_eq "client add: the record cannot be written: exit 1; the export it started is stopped again, its file gone" \
	"$rc:$same:$out:$(names "$st/exports"):$(tail -n1 "$tmp/systemctl.log")" \
	"1:1:started: aoe-lab-export@lab.5 (e1.5 $st/images/lab/5/root.img, read-only)
aoe-lab: client add: cannot write $tmp/lab.conf; it is as it was:lab.3.env:disable --now aoe-lab-export@lab.5.service"
rm -rf "$tmp/lab.conf.new"
touch "$tmp/systemctl.linger"
edit client add 52:54:00:00:00:03 --name pc03 --layer disk:1G
rm "$tmp/systemctl.linger"
check_eq "client add --layer disk on a live lab: its disk and export, then its entry" "$rc:$same:$out" \
	"0:0:created: layer disk $st/layers/pc03.img (1G, blank)
started: aoe-lab-export@pc03.layer (e100.0 $st/layers/pc03.img, read-write, only 52:54:00:00:00:03)
created: [client pc03] (52:54:00:00:00:03, image lab, layer disk:1G, seat 0)
switched: $srv/pxelinux.cfg -> generation 6 (2 machine(s))
removed: generation 4"
edit client rm pc03
check_eq "client rm right after (the started export still runs, the lock is free): its layer export stopped, its disk kept" "$rc:$out:$(ls "$st/layers")" \
	"0:removed: [client pc03] (52:54:00:00:00:03)
switched: $srv/pxelinux.cfg -> generation 7 (1 machine(s))
removed: generation 5
stopped: aoe-lab-export@pc03.layer (the disk stays: $st/layers/pc03.img):pc03.img"
# a kept layer belongs to the version it was made on: a publish leaves its
# machine there (layer_on=), client reset empties the layer and moves it on
rm -rf "$st" "$srv"
mkdir -p "$srv"
for v in 1 2 3; do
	mkdir -p "$st/images/lab/$v"
	for f in vmlinuz initrd.img root.img; do echo "$f $v" > "$st/images/lab/$v/$f"; done
done
printf '%s\n' '[lab]' 'nic = eno1' "tftp = $srv" 'layer_shelf = 100' '[image lab]' 'shelf = 1' \
	'[client k1]' 'mac = 52:54:00:00:00:31' 'image = lab' 'layer = disk:1G' 'seat = 0' \
	'[client t1]' 'mac = 52:54:00:00:00:32' 'image = lab' > "$tmp/lab.conf"
# root MAC: the root= of the machine's entry
root() { sed -n 's/.* root=\([^ ]*\) .*/\1/p' "$srv/pxelinux.cfg/01-${1//:/-}"; }
edit image publish lab 1
check_eq "publish of a first version: every machine on it, no layer kept anywhere" "$rc:$(grep -c layer_on "$tmp/lab.conf"):$(root 52:54:00:00:00:31)" \
	"0:0:/dev/etherd/e1.1p1"
echo "the machine's files" > "$st/layers/k1.img.data" && dd if="$st/layers/k1.img.data" of="$st/layers/k1.img" conv=notrunc status=none
# the listener: nothing heard (the machines are off), unless told
printf '#!/bin/sh\ncat "%s/heard" 2> /dev/null\nexit 0\n' "$tmp" > "$tmp/listen"
chmod +x "$tmp/listen"
export AOE_LAB_LISTEN=$tmp/listen
edit image publish lab 2
check "publish of version 2: the kept-layer machine stays on version 1, and it is said" "$out" \
	grep -qx 'kept: \[client k1\] on version 1, where its layer was made (aoe-lab client reset k1 empties the layer and moves it to the published version)' <<< "$out"
check_eq "... layer_on = 1 in its section; its entry boots version 1, the tmpfs machine version 2" \
	"$rc:$(sed -n '/^\[client k1\]/,/^\[client t1\]/p' "$tmp/lab.conf" | grep -c '^layer_on = 1$'):$(root 52:54:00:00:00:31):$(root 52:54:00:00:00:32)" \
	"0:1:/dev/etherd/e1.1p1:/dev/etherd/e1.2p1"
: > "$tmp/systemctl.log"
echo "uses 52:54:00:00:00:31 100 0 52:54:00:aa:bb:01" > "$tmp/heard"
refused "client reset: a machine heard using its layer is running: refused, nothing changed" \
	"aoe-lab: client reset: [client k1] is running: heard using its layer e100.0; expected it powered off (or --force)" client reset k1
check "... its disk as it was" "" cmp -s <(head -c 19 "$st/layers/k1.img") <(head -c 19 "$st/layers/k1.img.data")
rm "$tmp/heard"
edit client reset k1
check_eq "client reset: the layer export stopped, the disk blank, the export started, the machine on the published version" \
	"$rc:$(grep -v '^switched\|^removed' <<< "$out")" \
	"0:stopped: aoe-lab-export@k1.layer
emptied: layer disk $st/layers/k1.img (1G, blank: the machine's next boot formats it)
started: aoe-lab-export@k1.layer (e100.0 $st/layers/k1.img, read-write, only 52:54:00:00:00:31)
reset: [client k1] boots image lab version 2 on an empty layer"
check_eq "... the disk holds nothing, its size kept; layer_on gone; its entry boots version 2" \
	"$(stat -c '%s %b' "$st/layers/k1.img"):$(grep -c layer_on "$tmp/lab.conf"):$(root 52:54:00:00:00:31)" "1073741824 0:0:/dev/etherd/e1.2p1"
check_eq "... the unit stopped and started through systemctl" "$(paste -sd, "$tmp/systemctl.log")" \
	"disable --now aoe-lab-export@k1.layer.service,enable aoe-lab-export@k1.layer.service,restart aoe-lab-export@k1.layer.service"
edit image publish lab 3
edit image rollback lab
check "rollback to the version its layer was made on: the machine follows again" "$out" \
	grep -qx 'follows: \[client k1\] boots the published version again (its layer was made on version 2)' <<< "$out"
check_eq "... layer_on gone, both machines on version 2" "$(grep -c layer_on "$tmp/lab.conf"):$(root 52:54:00:00:00:31):$(root 52:54:00:00:00:32)" \
	"0:/dev/etherd/e1.2p1:/dev/etherd/e1.2p1"
edit image publish lab 3
refused "image retire: a version a kept layer belongs to is refused" \
	"aoe-lab: image retire: image lab version 2: [client k1] boots it, its kept layer was made there (layer_on = 2); expected aoe-lab client reset k1 first" image retire lab 2
touch "$tmp/systemctl.fail"
edit client reset k1
check_eq "client reset: systemctl fails after the disk was emptied: exit 1, says so; the record as it was" "$rc:$same:$(tail -n1 <<< "$out")" \
	"1:1:aoe-lab: client reset: the layer disks emptied so far stay empty (each such machine formats it at its next boot); run aoe-lab client reset k1 again"
rm "$tmp/systemctl.fail"
edit client reset --force k1
check "client reset --force: done without listening" "$out" test "$rc" = 0
edit image rollback lab
refused "client reset: a machine without a kept layer" \
	"aoe-lab: client reset: t1: [client t1] has layer tmpfs; expected a machine with a kept layer (layer = disk:SIZE)" client reset t1
refused "client reset: a machine not in the lab" \
	"aoe-lab: client reset: pc99: no such machine; expected a name or MAC from aoe-lab client list" client reset pc99
unset AOE_LAB_LISTEN
bad "layer_on= not a version" '14a layer_on = 0' "15: layer_on=0: expected a version number 1-254 (the version a kept layer belongs to; aoe-lab writes it)"
bad "layer_on= on a pinned machine without a kept layer" '$a layer_on = 2' "19: layer_on=: only on a machine with a kept layer (layer = disk:SIZE) that follows its image (image = NAME, no @VERSION)"
rm -rf "$st" "$srv"

# status: the exports' units and, from the AoE traffic (a listener double
# here: the real one needs root, tests/netns/lab_status.sh runs it), who
# uses what; problems one line each, exit 3
rm -rf "$st"
mkdir -p "$st/exports"
printf 'SHELF=1\nSLOT=%s\nNIC=eno1\nFILE=/x\nFLAGS=-r\n' 1 > "$st/exports/lab.1.env"
printf 'SHELF=1\nSLOT=%s\nNIC=eno1\nFILE=/x\nFLAGS=-r\n' 2 > "$st/exports/lab.2.env"
printf 'SHELF=100\nSLOT=0\nNIC=eno1\nFILE=/y\nFLAGS=-s -m 52:54:00:00:00:07\n' > "$st/exports/pc07.layer.env"
printf '%s\n' '[lab]' 'nic = eno1' 'mtu = 9000' 'layer_shelf = 100' '[image lab]' 'shelf = 1' 'published = 2' \
	'[client pc07]' 'mac = 52:54:00:00:00:07' 'image = lab' 'layer = disk:1G' 'seat = 0' 'layer_on = 1' \
	'[client pc08]' 'mac = 52:54:00:00:00:08' 'image = lab' > "$tmp/lab.conf"
echo 1500 > "$tmp/sys/class/net/eno1/mtu"
cat > "$tmp/listen" << 'EOF2'
#!/bin/sh
[ "$1 $2" = "eno1 10" ] || { echo "listen: called with $*" >&2; exit 1; }
echo "answer 52:54:00:aa:bb:01 1 1"
echo "answer 02:00:00:00:00:99 1 1"
echo "answer ff:ff:ff:ff:ff:ff 1 2"
echo "uses 52:54:00:00:00:07 1 1 52:54:00:aa:bb:01"
echo "uses 52:54:00:00:00:07 100 0 52:54:00:aa:bb:01"
echo "uses 52:54:00:00:00:08 1 1 52:54:00:aa:bb:01"
echo "uses 52:54:00:00:00:99 1 2 52:54:00:aa:bb:01"
echo 'uses $(reboot) 1 1 x'
echo "query 52:54:00:00:00:08 65535 255"
EOF2
chmod +x "$tmp/listen"
export AOE_LAB_LISTEN=$tmp/listen
edit status
check_eq "status: each export, its unit, the machines using it; problems and notes one line each; exit 3" "$rc:$same:$out" \
	"3:1:$(printf '%-20s %-9s %-9s %s\n' EXPORT TARGET UNIT 'USED BY (10 s)' lab.1 e1.1 active 'pc07 pc08' lab.2 e1.2 active 52:54:00:00:00:99 pc07.layer e100.0 active pc07)
note: 52:54:00:00:00:99 (not in the record) uses e1.2 (lab.2)
note: pc08 runs lab version 1; its entry boots version 2 (it moves at its next boot)
problem: e1.1: answered by 02:00:00:00:00:99 too, not by this server's eno1 (52:54:00:aa:bb:01): another host exports the lab's target; machines pinned with rd.aoe.mac= ignore it, find and stop it
problem: eno1: mtu 1500; the record asks mtu=9000 (9000): jumbo frames are lost or refused; run aoe-lab init (and set it in the server's network configuration)
heard on eno1 in 10 s: 5 machine-target pair(s), 3 answer(s); 2 problem(s)"
echo 'echo "uses 52:54:00:00:00:08 1 2 02:00:00:00:00:99"' >> "$tmp/listen"
edit status
check "status: a machine served a lab target by another host is a problem" "$rc:$out" \
	grep -qx 'problem: pc08 uses e1.2 at 02:00:00:00:00:99, not at this server.s eno1: another host serves the lab.s target to it' <<< "$out"
touch "$tmp/systemctl.fail"
edit status --seconds 10
check "status: an export whose unit is not active is a problem" "$out" \
	grep -qx 'problem: aoe-lab-export@lab.2 (e1.2) is not active; its machines cannot reach it (journalctl -u aoe-lab-export@lab.2)' <<< "$out"
rm -f "$tmp/systemctl.fail" "$tmp/sys/class/net/eno1/mtu"
refused "status --seconds out of range" "aoe-lab: status: --seconds 0: expected a number 1-300" status --seconds 0
printf '#!/bin/sh\necho "aoe-lab-listen: eno1: No such device" >&2\nexit 1\n' > "$tmp/listen"
edit status
check_eq "status: the lab NIC cannot be read: one line, exit 1" "$rc:$out" "1:aoe-lab: status: cannot listen on eno1: aoe-lab-listen: eno1: No such device"
unset AOE_LAB_LISTEN
rm -rf "$st" "$tmp/listen"

# init: the server's side, from [lab]; each part written only when it differs
rm -rf "$st"
mkdir -p "$tmp/init"
ini=$tmp/init
printf '%s\n' '[lab]' 'nic = eno1' "tftp = $ini/tftp" 'dhcp = full' 'range = 10.0.0.100,10.0.0.199' > "$tmp/lab.conf"
: > "$tmp/systemctl.log"
export AOE_LAB_DNSMASQ_CONF=$ini/dnsmasq.d/aoe-lab.conf AOE_LAB_PXELINUX=$ini/pxelinux.0 AOE_LAB_LDLINUX=$ini/ldlinux.c32
export AOE_LAB_SHIM=$ini/shimx64.efi.signed AOE_LAB_GRUB=$ini/grubnetx64.efi.signed AOE_LAB_IPXE=$ini/snponly.efi
for f in pxelinux.0 ldlinux.c32 shimx64.efi.signed grubnetx64.efi.signed snponly.efi; do echo "$f" > "$ini/$f"; done
edit init
check_eq "init: the directories, the boot files (BIOS and UEFI), dnsmasq's configuration, dnsmasq restarted" "$rc:$same:$out" \
	"0:1:created: $st/images
created: $st/exports
created: $st/layers
created: $ini/tftp
written: $ini/tftp/pxelinux.0 (from $ini/pxelinux.0)
written: $ini/tftp/ldlinux.c32 (from $ini/ldlinux.c32)
written: $ini/tftp/bootx64.efi (from $ini/shimx64.efi.signed)
written: $ini/tftp/grubx64.efi (from $ini/grubnetx64.efi.signed)
written: $ini/tftp/grub/grub.cfg (from aoe-lab)
written: $AOE_LAB_DNSMASQ_CONF
restarted: dnsmasq.service"
check_eq "init: dnsmasq's configuration for dhcp=full: pxelinux for BIOS, shim for UEFI (option 93)" "$(cat "$AOE_LAB_DNSMASQ_CONF")" \
	"$(printf '%s\n' "# aoe-lab: written by aoe-lab init from $tmp/lab.conf: change the record, not this file." \
		interface=eno1 bind-dynamic dhcp-match=set:efi64,option:client-arch,7 dhcp-match=set:efi64,option:client-arch,9 \
		dhcp-userclass=set:ipxe,iPXE dhcp-range=10.0.0.100,10.0.0.199,12h 'dhcp-boot=tag:!efi64,pxelinux.0' \
		'dhcp-boot=tag:efi64,tag:!ipxe,bootx64.efi' enable-tftp "tftp-root=$ini/tftp")"
check_eq "init: GRUB's grub.cfg goes on to the machine's entry by its MAC, through the pxelinux.cfg symlink; a failed entry stops there" \
	"$(grep -v '^#' "$ini/tftp/grub/grub.cfg")" "set timeout=0
regexp --set=1:m1 --set=2:m2 --set=3:m3 --set=4:m4 --set=5:m5 --set=6:m6 '^(..):(..):(..):(..):(..):(..)\$' \"\$net_default_mac\"
set aoe_entry=
source /pxelinux.cfg/01-\$m1-\$m2-\$m3-\$m4-\$m5-\$m6.grub
if [ -n \"\$aoe_entry\" ]; then
  echo \"aoe-lab: \$net_default_mac: its entry failed (the lines above say why)\"
else
  source /pxelinux.cfg/default.grub
fi"
check_eq "init: dnsmasq restarted through systemctl" "$(cat "$tmp/systemctl.log")" "restart dnsmasq.service"
: > "$tmp/systemctl.log"
edit init
check_eq "init again: every part unchanged, dnsmasq left alone" "$rc:$out:$(cat "$tmp/systemctl.log")" \
	"0:unchanged: $ini/tftp/pxelinux.0
unchanged: $ini/tftp/ldlinux.c32
unchanged: $ini/tftp/bootx64.efi
unchanged: $ini/tftp/grubx64.efi
unchanged: $ini/tftp/grub/grub.cfg
unchanged: $AOE_LAB_DNSMASQ_CONF:"
edit init --uefi ipxe
check_eq "init --uefi ipxe: iPXE and its script in the TFTP root, dnsmasq's file for it" "$rc:$(grep -v '^unchanged' <<< "$out" | sed 1d)" \
	"0:written: $ini/tftp/snponly.efi (from $ini/snponly.efi)
written: $ini/tftp/aoe-lab.ipxe (from aoe-lab)
written: $AOE_LAB_DNSMASQ_CONF
restarted: dnsmasq.service"
check_eq "init --uefi ipxe: UEFI firmware gets iPXE, iPXE (user class) gets aoe-lab.ipxe" \
	"$(grep '^dhcp-boot' "$AOE_LAB_DNSMASQ_CONF")" 'dhcp-boot=tag:!efi64,pxelinux.0
dhcp-boot=tag:efi64,tag:!ipxe,snponly.efi
dhcp-boot=tag:efi64,tag:ipxe,aoe-lab.ipxe'
check_eq "init --uefi ipxe: the script goes on to the machine's entry by its MAC; a failed entry stops at iPXE's shell" "$(grep -v '^#' "$ini/tftp/aoe-lab.ipxe")" \
	'imgfetch --name entry pxelinux.cfg/01-${mac:hexhyp}.ipxe || chain pxelinux.cfg/default.ipxe
chain entry || echo aoe-lab: ${mac}: its entry failed (the lines above say why)
shell'
refused "init --uefi with a bad value" \
	"aoe-lab: init: --uefi grub: expected shim (shim and GRUB, signed: Secure Boot on or off) or ipxe (iPXE: Secure Boot off)" init --uefi grub
refused "init --http with a bad port" \
	"aoe-lab: init: --http 70000: expected off or a TCP port 1-65535 (the boot files over HTTP), e.g. 8080" init --http 70000
edit init --http 8080
check_eq "init --http on a NIC without an IPv4 address: one line, exit 1, no unit started" "$rc:$(tail -n1 <<< "$out"):$(grep -c http "$tmp/systemctl.log")" \
	"1:aoe-lab: init: http=8080: eno1 has no IPv4 address; expected one (the machines fetch their kernel from it), or http=off:0"
edit init --http off --uefi shim
check_eq "init --http off --uefi shim: back to shim; nothing to stop" "$rc:$(grep -c http "$tmp/systemctl.log"):$(grep '^dhcp-boot=tag:efi64' "$AOE_LAB_DNSMASQ_CONF")" \
	"0:0:dhcp-boot=tag:efi64,tag:!ipxe,bootx64.efi"
mv "$AOE_LAB_SHIM" "$AOE_LAB_SHIM.away"
edit init
check_eq "init without Debian's shim (a Recommends): a note, BIOS only, dnsmasq without the UEFI lines" \
	"$rc:$(grep '^note' <<< "$out"):$(grep -c 'efi' "$AOE_LAB_DNSMASQ_CONF"):$(grep '^dhcp-boot' "$AOE_LAB_DNSMASQ_CONF")" \
	"0:note: uefi=shim: no $AOE_LAB_SHIM: UEFI machines are not served (apt-get install shim-signed grub-efi-amd64-signed):0:dhcp-boot=pxelinux.0"
mv "$AOE_LAB_SHIM.away" "$AOE_LAB_SHIM"
edit init
check_eq "init with it back: the UEFI lines again" "$rc:$(grep -c '^dhcp-boot=tag:efi64' "$AOE_LAB_DNSMASQ_CONF")" "0:1"
sed -i '/^dhcp = /d; /^range = /d; /^http = /d; /^uefi = /d' "$tmp/lab.conf"
edit init
check_eq "init: dhcp=proxy (the default) on a NIC without an IPv4 address: one line, exit 1, dnsmasq's file as it was" \
	"$rc:$(tail -n1 <<< "$out"):$(grep -c proxy "$AOE_LAB_DNSMASQ_CONF")" \
	"1:aoe-lab: init: dhcp=proxy: eno1 has no IPv4 address; expected one (proxy DHCP answers beside the LAN's DHCP server on its network), or dhcp=full with range=:0"
printf 'mtu = auto\n' >> "$tmp/lab.conf"
edit init
check_eq "init: mtu= on a NIC this server lacks: one line, exit 1" "$rc:$(tail -n1 <<< "$out")" \
	"1:aoe-lab: init: nic=eno1: no such network interface here; expected the lab NIC's name (ip link)"
rm "$ini/ldlinux.c32"
edit init
check_eq "init: pxelinux's files missing: one line, exit 1" "$rc:$(tail -n1 <<< "$out")" \
	"1:aoe-lab: init: $ini/ldlinux.c32: not there; expected Debian's syslinux-common installed"
# init's options: the record made, or its [lab] keys set, before the rest
echo ldlinux > "$ini/ldlinux.c32"
rm -f "$tmp/lab.conf"
refused "init: no record and no --nic: one line, nothing made" "aoe-lab: init: $tmp/lab.conf: no record yet; expected --nic IF to make one" init --dhcp off
check "... no record made" "" test ! -e "$tmp/lab.conf"
refused "init --dhcp with a bad value" "aoe-lab: init: --dhcp maybe: expected proxy, full or off" init --nic eno1 --dhcp maybe
refused "init --nic with shell words: refused, never run" \
	"aoe-lab: init: --nic eno1;reboot: expected a network interface name, e.g. eno1" init --nic 'eno1;reboot'
refused "init: an unknown option" "aoe-lab: init: --ssid: unknown option; expected --nic, --paths, --dhcp, --range, --mtu, --tftp, --layer-shelf, --uefi or --http" init --ssid lab
refused "init --range without dhcp=full: the whole record checked first" \
	"aoe-lab: init: the record would read: $tmp/lab.conf:4: range=: only with dhcp=full (proxy DHCP hands out no addresses)" init --nic eno1 --range 10.0.0.1,10.0.0.9
edit init --nic eno1 --dhcp full --range 10.0.0.100,10.0.0.199 --tftp "$ini/tftp"
check_eq "init --nic ...: the record made with [lab], then the server prepared" "$rc:$(head -n1 <<< "$out"):$(cat "$tmp/lab.conf")" \
	"0:written: $tmp/lab.conf ([lab] nic = eno1, dhcp = full, range = 10.0.0.100,10.0.0.199, tftp = $ini/tftp):$(printf '%s\n' \
		'# the lab: aoe-lab reads this file and never runs it (aoe-lab --help)' '[lab]' 'nic = eno1' 'dhcp = full' \
		'range = 10.0.0.100,10.0.0.199' "tftp = $ini/tftp")"
edit init --nic eno1 --dhcp full
check_eq "init with the keys the record has: the record unchanged" "$rc:$same:$(head -n1 <<< "$out")" "0:1:unchanged: $ini/tftp/pxelinux.0"
printf '%s\n' '[image lab]' 'shelf = 1' '# a comment' >> "$tmp/lab.conf"
edit init --layer-shelf 9 --dhcp full
check_eq "init --layer-shelf: the key set under [lab]'s header, the other sections as they were" "$rc:$(head -n1 <<< "$out"):$(cat "$tmp/lab.conf")" \
	"0:written: $tmp/lab.conf ([lab] dhcp = full, layer_shelf = 9):$(printf '%s\n' \
		'# the lab: aoe-lab reads this file and never runs it (aoe-lab --help)' '[lab]' 'dhcp = full' 'layer_shelf = 9' 'nic = eno1' \
		'range = 10.0.0.100,10.0.0.199' "tftp = $ini/tftp" '[image lab]' 'shelf = 1' '# a comment')"
sed -i 's/^\[lab\]$/[lab]   # the server/' "$tmp/lab.conf"
edit init --mtu 1500
check "init: a [lab] header with a comment: the key set under it" "$(cat "$tmp/lab.conf")" \
	test "$(sed -n '/^\[lab\]   # the server$/{n;p}' "$tmp/lab.conf")" = "mtu = 1500"
sed -i '/^mtu = 1500$/d' "$tmp/lab.conf"
# --paths: the second segments' NICs; each must be on this server; their
# MTU set and watched as the lab NIC's; none removes the key
refused "init --paths: a NIC this server lacks: one line, the record as it was" \
	"aoe-lab: init: --paths eno2: eno2: no such network interface here; expected NICs of this server on other segments (ip link)" init --paths eno2
refused "init --paths: not a list of names" \
	"aoe-lab: init: --paths eno2,,eno3: expected up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2, or none" init --paths eno2,,eno3
mkdir -p "$tmp/sys/class/net/eno2"
echo 9000 > "$tmp/sys/class/net/eno1/mtu"
echo 9000 > "$tmp/sys/class/net/eno2/mtu"
refused "init --paths naming the lab NIC: the whole record checked first" \
	"aoe-lab: init: the record would read: $tmp/lab.conf:3: paths=eno1: names nic= (eno1); expected up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2" init --paths eno1
edit init --paths eno2 --mtu 9000
check_eq "init --paths --mtu: the keys under [lab]; each lab NIC's MTU, one line each" \
	"$rc:$(head -n1 <<< "$out"):$(grep '^unchanged: .* mtu ' <<< "$out" | paste -sd' ' -):$(sed -n 3,4p "$tmp/lab.conf" | paste -sd' ' -)" \
	"0:written: $tmp/lab.conf ([lab] paths = eno2, mtu = 9000):unchanged: eno1 mtu 9000 unchanged: eno2 mtu 9000:paths = eno2 mtu = 9000"
echo 1500 > "$tmp/sys/class/net/eno2/mtu"
export AOE_LAB_LISTEN=$tmp/listen
printf '#!/bin/sh\nexit 0\n' > "$tmp/listen"
chmod +x "$tmp/listen"
edit status --seconds 1
check_eq "status: a paths= NIC's MTU not the record's: a problem naming it, exit 3" "$rc:$(grep '^problem' <<< "$out")" \
	"3:problem: eno2: mtu 1500; the record asks mtu=9000 (9000): jumbo frames are lost or refused; run aoe-lab init (and set it in the server's network configuration)"
unset AOE_LAB_LISTEN
rm -rf "$tmp/sys/class/net/eno2" "$tmp/sys/class/net/eno1/mtu"
sed -i '/^mtu = 9000$/d' "$tmp/lab.conf"
edit init --dhcp full
check_eq "init: a paths= NIC gone from the server: one line, exit 1" "$rc:$(tail -n1 <<< "$out")" \
	"1:aoe-lab: init: paths=eno2: no such network interface here; expected a NIC of this server on another segment (ip link)"
edit init --paths none
check_eq "init --paths none: the key gone from [lab]" "$rc:$(head -n1 <<< "$out"):$(grep -c '^paths' "$tmp/lab.conf")" \
	"0:written: $tmp/lab.conf ([lab] paths = none):0"
mkdir -p "$st/exports" && : > "$st/exports/lab.1.env"
refused "init --nic with exports running: refused, the record as it was" \
	"aoe-lab: init: --nic eno2: the lab's exports run with nic = eno1; expected the same (changing it under running machines is not supported)" init --nic eno2
rm -f "$st/exports/lab.1.env"
refused "init --layer-shelf on an image's shelf: refused, the record as it was" \
	"aoe-lab: init: the record would read: $tmp/lab.conf:9: shelf=1: taken by [lab] layer_shelf; expected a shelf of its own" init --layer-shelf 1
unset AOE_LAB_DNSMASQ_CONF AOE_LAB_PXELINUX AOE_LAB_LDLINUX AOE_LAB_SHIM AOE_LAB_GRUB AOE_LAB_IPXE

# the unit those environment files are for, as systemd reads it
if command -v systemd-analyze > /dev/null && [ -x /usr/sbin/vblade ]; then
	mkdir "$tmp/unit" && cp 'lab/aoe-lab-export@.service' "$tmp/unit/"
	check "aoe-lab-export@.service: systemd-analyze verify finds no problem" "" \
		sh -c 'cd "$1" && systemd-analyze verify --man=no aoe-lab-export@lab.1.service 2>&1 | grep . && exit 1; exit 0' sh "$tmp/unit"
else
	skip "aoe-lab-export@.service: systemd-analyze verify finds no problem" "no systemd-analyze or no /usr/sbin/vblade here"
fi
rm -rf "$tmp/state" "$tmp/srv" "$tmp/systemctl.log"

# the first kept layer: the layers get the lowest free shelf, in [lab]
printf '%s\n' '[lab]' 'nic = eno1' '[image lab]' 'shelf = 0' > "$tmp/lab.conf"
edit client add 52:54:00:00:00:21 --name k1 --layer disk:4G
check_eq "client add --layer disk: without layer_shelf: the lowest free shelf, written under [lab]" "$rc:$out:$(sed -n 2,3p "$tmp/lab.conf" | paste -sd' ')" \
	"0:created: [client k1] (52:54:00:00:00:21, image lab, layer disk:4G, seat 0, the layers on shelf 1):layer_shelf = 1 nic = eno1"
edit client add 52:54:00:00:00:22 --name k2 --layer disk:4G
check_eq "... the next one uses it" "$rc:$out:$(grep -c layer_shelf "$tmp/lab.conf")" \
	"0:created: [client k2] (52:54:00:00:00:22, image lab, layer disk:4G, seat 1):1"

# image create / update: every bad value is one line and changes nothing;
# a failed build leaves no version, no half-made directory, the record as it was
mkdeb() { # mkdeb PACKAGE OUT: a small real .deb
	mkdir -p "$tmp/deb/DEBIAN"
	printf 'Package: %s\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' "$1" > "$tmp/deb/DEBIAN/control"
	dpkg-deb --root-owner-group -b "$tmp/deb" "$2" > /dev/null 2>&1
	rm -rf "$tmp/deb"
}
mkdir -p "$st/packages"
mkdeb aoe-boot "$tmp/aoe-boot_1.0_all.deb"
mkdeb hello "$tmp/hello_1.0_all.deb"
printf '%s\n' '# the lab' '[lab]' 'nic = eno1' 'layer_shelf = 0' '[image old]' 'shelf = 1' > "$tmp/lab.conf"
refused "image create: a bad name" "aoe-lab: image create: Lab: expected an image's name (a-z, 0-9 and -, 1-32 characters)" image create Lab
refused "image create: --suite unknown" "aoe-lab: image create: --suite jessie: expected a Debian suite: bookworm, trixie or forky" image create lab --suite jessie
refused "image create: --size below 1G" "aoe-lab: image create: --size 512M: expected a size of 1G or more, e.g. 8G" image create lab --size 512M
refused "image create: --size not a size" "aoe-lab: image create: --size 8X: expected a size of 1G or more, e.g. 8G" image create lab --size 8X
refused "image create: --mirror not http(s)" \
	"aoe-lab: image create: --mirror ftp://x/debian: expected a Debian mirror's http:// or https:// URL, e.g. http://deb.debian.org/debian" image create lab --mirror ftp://x/debian
refused "image create: --mirror with shell words: refused, never run" \
	"aoe-lab: image create: --mirror http://x/\$(touch $tmp/pwned): expected a Debian mirror's http:// or https:// URL, e.g. http://deb.debian.org/debian" \
	image create lab --mirror "http://x/\$(touch $tmp/pwned)"
check "... nothing ran" "" test ! -e "$tmp/pwned"
refused "image create: --deb missing" "aoe-lab: image create: --deb $tmp/none.deb: no such file; expected the aoe-boot package's .deb" image create lab --deb "$tmp/none.deb"
refused "image create: --deb another package" \
	"aoe-lab: image create: --deb $tmp/hello_1.0_all.deb: not the aoe-boot package; expected a file aoe-boot_VERSION_ARCH.deb" image create lab --deb "$tmp/hello_1.0_all.deb"
refused "image create: no --deb and none in the packages directory" \
	"aoe-lab: image create: no aoe-boot_*.deb in $st/packages; expected --deb FILE (the aoe-boot package) or the file there" image create lab
refused "image create: an unknown option" "aoe-lab: image create: --install: unknown option; expected --suite, --size, --mirror, --security or --deb" image create lab --install vim
refused "image create: an option without its value" "aoe-lab: image create: --size: expected a value after it" image create lab --size
mkdir -p "$st/images/old/2"
for f in vmlinuz initrd.img root.img; do echo "$f" > "$st/images/old/2/$f"; done
refused "image create: an image that has versions" \
	"aoe-lab: image create: image old exists (versions: 2); expected a new name, or aoe-lab image update old" image create old --deb "$tmp/aoe-boot_1.0_all.deb"
# a debootstrap that fails: exit 1, one line, no version, nothing half-made, the record as it was
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "E: Failed getting release file http://x/dists/bookworm/Release" >&2\nexit 1\n' > "$tmp/bin/debootstrap"
chmod +x "$tmp/bin/debootstrap"
cp "$tmp/aoe-boot_1.0_all.deb" "$st/packages/"
PATH=$tmp/bin:$PATH AOE_LAB_CACHE=$tmp/cache edit image create lab
check_eq "image create: debootstrap fails: one line, exit 1, the record as it was, no version" \
	"$rc:$same:$(tail -n1 <<< "$out"):$(names "$st/images"):$(ls -A "$st/images/lab" 2> /dev/null)" \
	"1:1:aoe-lab: image create: debootstrap bookworm from http://deb.debian.org/debian failed: E: Failed getting release file http://x/dists/bookworm/Release ; no version was made:lab,old:.1.log"
check "... its log kept beside the image's versions (.1.log)" "" grep -q 'Failed getting release file' "$st/images/lab/.1.log"
check_eq "... its progress said what it did" "$(head -n2 <<< "$out")" \
	"[1/5] debootstrap bookworm
       debootstrap bookworm from http://deb.debian.org/debian (once; cached in $tmp/cache)"
check_eq "... and the lock is free again" "$(lab/aoe-lab --config "$tmp/lab.conf" client add 52:54:00:00:00:01 > /dev/null 2>&1; echo $?)" 0
edit client rm 52:54:00:00:00:01
# the record's new section (build_section), without a build
sec() { (. lab/conf.sh; . lab/build.sh; AOE_LAB_CONF=$tmp/lab.conf; conf_read "$tmp/lab.conf"; build_section "$@" /dev/stdout); }
check_eq "image create: a new [image] section with the lowest free shelf (0 is the layers')" "$(sec lab trixie 8G http://m/debian | tail -n6)" \
	"$(printf '%s\n' '' '[image lab]' 'shelf = 2' 'suite = trixie' 'size = 8G' 'mirror = http://m/debian')"
printf '%s\n' '[lab]' 'nic = eno1' '[image lab]' 'shelf = 7' 'size = 2G' '[image x]' 'shelf = 8' > "$tmp/lab.conf"
check_eq "image create: a section written by hand keeps its shelf; its keys are set" "$(sec lab bookworm 4G http://m/debian)" \
	"$(printf '%s\n' '[lab]' 'nic = eno1' '[image lab]' 'suite = bookworm' 'size = 4G' 'mirror = http://m/debian' 'shelf = 7' '[image x]' 'shelf = 8')"
# update
printf '%s\n' '[lab]' 'nic = eno1' '[image old]' 'shelf = 1' '[image new]' 'shelf = 2' > "$tmp/lab.conf"
refused "image update: an image the record lacks" "aoe-lab: image update: kiosk: no [image kiosk] in the record; expected one of: old new" image update kiosk
refused "image update: an image without a version" "aoe-lab: image update: image new has no version yet; expected aoe-lab image create new first" image update new
refused "image update: --install with shell words" \
	"aoe-lab: image update: --install vim;reboot: expected Debian package names, comma-separated" image update old --install 'vim;reboot'
refused "image update: a create option" "aoe-lab: image update: --suite: unknown option; expected --deb or --install" image update old --suite trixie
# a retired number is never made again: after 2 and 3, 3 retired, the next is 4
mkdir -p "$st/images/old/3" && for f in vmlinuz initrd.img root.img; do echo "$f" > "$st/images/old/3/$f"; done
echo 3 > "$st/images/old/.last"
rm -rf "$st/images/old/3"
edit image update old
check_eq "image update after a retire: the next number is 4, not 3 again (the failed build's log is .4.log)" \
	"$rc:$(cd "$st/images/old" && echo .*.log)" "1:.4.log"
rm -f "$st/images/old/.4.log" "$st/images/old/.last"
mkdir -p "$st/images/old/254"
for f in vmlinuz initrd.img root.img; do echo "$f" > "$st/images/old/254/$f"; done
refused "image update: after version 254 (the last AoE slot)" \
	"aoe-lab: image update: image old: version 254 is the last (an AoE slot); expected retired versions and a new image" image update old
out=$(lab/aoe-lab image create --help); rc=$?
check "image create --help, exit 0" "$rc:$out" test "$rc" = 0 -a -n "$(grep '^usage: aoe-lab image create' <<< "$out")"
rm -rf "${tmp:?}/state" "${tmp:?}/bin" "${tmp:?}/cache" "${tmp:?}"/*.deb

# paths=: every read-only version exported again on each second-segment
# NIC (a kept layer, read-write for one MAC, is not), the machines pinned
# to every lab NIC's MAC; a retire stops both, and a NIC gone from paths=
# loses its exports
rm -rf "$st" "$srv"
mkdir -p "$srv" "$tmp/sys/class/net/eno2"
echo 52:54:00:aa:bb:02 > "$tmp/sys/class/net/eno2/address"
for v in 1 2; do
	mkdir -p "$st/images/lab/$v"
	for f in vmlinuz initrd.img root.img; do echo "$f $v" > "$st/images/lab/$v/$f"; done
done
printf '%s\n' '[lab]' 'nic = eno1' "tftp = $srv" 'layer_shelf = 100' '[image lab]' 'shelf = 1' \
	'[client p2]' 'mac = 52:54:00:00:00:42' 'image = lab@1' 'layer = disk:1G' 'seat = 0' > "$tmp/lab.conf"
# paths= written by hand (aoe-lab init --paths eno2 writes the same line)
sed -i '/^nic = /a paths = eno2' "$tmp/lab.conf"
edit client add 52:54:00:00:00:41 --name p1 --append rd.aoe.if=52:54:00:00:00:41,52:54:00:00:01:41
check_eq "paths=: client add --append rd.aoe.if= with two MACs (nothing published yet)" "$rc" 0
edit image publish lab 2
check_eq "paths=: a read-only version on the lab NIC and on the path NIC; a kept layer on the lab NIC only" "$rc:$out" \
	"0:started: aoe-lab-export@lab.1 (e1.1 $st/images/lab/1/root.img, read-only)
started: aoe-lab-export@lab.1.path-eno2 (e1.1 $st/images/lab/1/root.img, read-only, on eno2)
started: aoe-lab-export@lab.2 (e1.2 $st/images/lab/2/root.img, read-only)
started: aoe-lab-export@lab.2.path-eno2 (e1.2 $st/images/lab/2/root.img, read-only, on eno2)
created: layer disk $st/layers/p2.img (1G, blank)
started: aoe-lab-export@p2.layer (e100.0 $st/layers/p2.img, read-write, only 52:54:00:00:00:42)
published: image lab version 2
switched: $srv/pxelinux.cfg -> generation 1 (2 machine(s))"
check_eq "paths=: the path export's environment names its NIC" "$(grep -E '^(NIC|FLAGS)=' "$st/exports/lab.2.path-eno2.env" | paste -sd' ' -)" "NIC=eno2 FLAGS=-r"
check "paths=: the entry pins both lab NICs' MACs; the machine's append= names its two NICs" "$(cat "$srv/pxelinux.cfg/01-52-54-00-00-00-41")" \
	grep -q 'rd.aoe.mac=52:54:00:aa:bb:01,52:54:00:aa:bb:02 systemd.hostname=p1 rd.aoe.if=52:54:00:00:00:41,52:54:00:00:01:41' "$srv/pxelinux.cfg/01-52-54-00-00-00-41"
# status listens on both segments at once: a path's row lists the
# machines heard on its own segment; problems name the segment
cat > "$tmp/listen" << 'EOF2'
#!/bin/sh
case "$1 $2" in
"eno1 10") echo "answer 52:54:00:aa:bb:01 1 2"; echo "uses 52:54:00:00:00:41 1 2 52:54:00:aa:bb:01" ;;
"eno2 10") echo "answer 52:54:00:aa:bb:02 1 2"; echo "answer 02:00:00:00:00:98 1 2"
	echo "uses 52:54:00:00:01:41 1 2 52:54:00:aa:bb:02"; echo "uses 52:54:00:00:00:43 1 2 02:00:00:00:00:98" ;;
*) echo "listen: called with $*" >&2; exit 1 ;;
esac
EOF2
chmod +x "$tmp/listen"
export AOE_LAB_LISTEN=$tmp/listen
edit status
check_eq "paths=: status: each path's row, from its own segment; a machine's second NIC (its rd.aoe.if=) by its name" "$rc:$(grep '^lab\.2' <<< "$out")" \
	"3:$(printf '%-20s %-9s %-9s %s\n' lab.2 e1.2 active p1 lab.2.path-eno2 e1.2 active '52:54:00:00:00:43 p1')"
check_eq "paths=: status: another host on the second segment is a problem there; heard on both NICs" "$(grep -v '^lab\.\|^EXPORT\|^p2\.\|^note:' <<< "$out")" \
	"problem: 52:54:00:00:00:43 uses e1.2 at 02:00:00:00:00:98, not at this server's eno2: another host serves the lab's target to it
problem: e1.2: answered by 02:00:00:00:00:98 too, not by this server's eno2 (52:54:00:aa:bb:02): another host exports the lab's target; machines pinned with rd.aoe.mac= ignore it, find and stop it
heard on eno1,eno2 in 10 s: 3 machine-target pair(s), 3 answer(s); 2 problem(s)"
printf '#!/bin/sh\n[ "$1" = eno1 ] && exit 0\necho "aoe-lab-listen: $1: No such device" >&2\nexit 1\n' > "$tmp/listen"
edit status
check_eq "paths=: status: a path NIC that cannot be read: one line, exit 1" "$rc:$out" "1:aoe-lab: status: cannot listen on eno2: aoe-lab-listen: eno2: No such device"
unset AOE_LAB_LISTEN
rm -f "$tmp/listen"
edit client rm p2
edit image publish lab 1
edit image retire lab 2
check_eq "paths=: retire stops the path export, then the version's" "$rc:$out" \
	"0:stopped: aoe-lab-export@lab.2.path-eno2
stopped: aoe-lab-export@lab.2
retired: image lab version 2 (deleted $st/images/lab/2)"
sed -i '/^paths = /d' "$tmp/lab.conf"
edit apply
check "paths=: a NIC gone from paths= loses its exports at the next change" "$out" \
	grep -qx 'stopped: aoe-lab-export@lab.1.path-eno2 (no longer a path of the record)' <<< "$out"
check_eq "paths=: and the lab NIC's stay" "$(names "$st/exports")" "lab.1.env"
rm -rf "$st" "$srv" "$tmp/sys/class/net/eno2"

# the lists, and usage
lab "$good" image list
check_eq "image list" "$rc:$out" "0:$(printf '%-16s %-6s %-10s %-9s %s\n' IMAGE SHELF PUBLISHED SUITE MACHINES lab 1 3 bookworm 2)"
lab "$good" client list
check_eq "client list" "$rc:$out" "0:$(printf '%-16s %-17s %-16s %-7s %s\n' MACHINE MAC IMAGE VERSION LAYER \
	pc07 52:54:00:00:00:07 lab 3 disk:8G pc08 52:54:00:00:00:08 lab 2 tmpfs)"
lab "${good/nic = eno1/nic = eno 1}" client list
check_eq "a list on a bad record: one line, exit 2" "$rc:$out" \
	"2:aoe-lab: client list: $tmp/lab.conf has 1 problem(s), the first: $tmp/lab.conf:3: nic=eno 1: expected a network interface name, e.g. eno1; run aoe-lab check"
lab "$good" frobnicate
check_eq "an unknown verb: one line, exit 2" "$rc:$out" "2:aoe-lab: frobnicate: unknown verb; expected init, check, status, apply, image or client (aoe-lab --help)"
lab "$good" image burn
check_eq "an unknown image verb: one line, exit 2" "$rc:$out" "2:aoe-lab: image burn: unknown; expected image list, create, update, publish, rollback or retire"
lab "$good" check extra
check_eq "check takes no argument" "$rc:$out" "2:aoe-lab: check: extra: unexpected; expected no argument"
out=$(lab/aoe-lab --config 2>&1); rc=$?
check_eq "--config without a file" "$rc:$out" "2:aoe-lab: --config: expected a file"
out=$(lab/aoe-lab --frob 2>&1); rc=$?
check_eq "an unknown option" "$rc:$out" "2:aoe-lab: --frob: unknown option; expected --config FILE, --help or --version"
out=$(lab/aoe-lab 2>&1); rc=$?
check "no verb: the usage, exit 2" "$rc:$out" test "$rc" = 2 -a -n "$(grep '^usage: aoe-lab' <<< "$out")"
out=$(lab/aoe-lab --help); rc=$?
check "--help: every verb it dispatches is listed, exit 0" "$rc:$out" \
	test "$rc" = 0 -a "$(grep -cE '^  (init|check|status|image (list|create|update|publish|rollback|retire)|client (list|add|rm|reset)|apply) ' <<< "$out")" = 14
out=$(lab/aoe-lab check --help); rc=$?
check "check --help, exit 0" "$rc:$out" test "$rc" = 0 -a -n "$(grep '^usage: aoe-lab check' <<< "$out")"
tap_exit
