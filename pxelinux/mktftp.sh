#!/bin/bash
# mktftp.sh: assemble a TFTP tree that PXE-boots diskless machines from an
# AoE root with pxelinux (BIOS) and with shim and GRUB (UEFI, Secure Boot on
# or off). Run with --help for the usage.
set -u

me=mktftp.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1
: "${AOE_PXELINUX:=/usr/lib/PXELINUX/pxelinux.0}"
: "${AOE_LDLINUX:=/usr/lib/syslinux/modules/bios/ldlinux.c32}"
: "${AOE_PXE_TEMPLATES:=$here/pxelinux.cfg}"
: "${AOE_SHIM:=/usr/lib/shim/shimx64.efi.signed}"
: "${AOE_GRUBNET:=/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed}"

usage() {
	cat << EOF
usage: $me [--root DEV] [--append "OPTIONS"] [--image-version NAME]
                 [--mac MAC --target TARGET [--overlay OVL] [--hostname NAME]]...
                 --kernel FILE --initrd FILE OUTDIR

Fill OUTDIR (e.g. /srv/tftp) with what pxelinux needs to boot an AoE root:
  pxelinux.0, ldlinux.c32         from the Debian packages pxelinux, syslinux-common
  vmlinuz, initrd.img             copies of --kernel and --initrd
  pxelinux.cfg/default            every machine without a file of its own
  pxelinux.cfg/01-aa-bb-cc-dd-ee-ff   one per --mac, pinned to its --target
For UEFI machines, when Debian's shim-signed and grub-efi-amd64-signed are
installed (else BIOS only, and the last line says so):
  bootx64.efi, grubx64.efi        the signed shim and network GRUB
  grub/grub.cfg                   goes on to the machine's .grub entry
  pxelinux.cfg/*.grub             the same entries for GRUB, BOOTIF= too
DHCP must send UEFI machines (option 93: 7 or 9) bootx64.efi: see
docs/lab-guide.md, section 3.
Files are written 0644, directories 0755; existing files are replaced, other
files in OUTDIR are left alone. An existing pxelinux.cfg/default is kept by
a run that gives none of --root, --append, --image-version (one that only
adds machines); every entry's whole command line is checked with
aoe-up --check before anything is written.

  --root DEV       root= of the default entry (default /dev/etherd/e0.1p1).
                   /dev/etherd/eSHELF.SLOT[pPART], or UUID=/LABEL=/PARTUUID=
                   together with --append rd.aoe.target=eSHELF.SLOT[pPART]
  --append "OPTS"  more kernel options for every entry, e.g. "ro quiet" or
                   "rd.aoe.mtu=1500"; repeatable (see docs/options.md);
                   letters, digits, blanks and = , . : / _ + @ % ~ ! - only
                   (GRUB reads its entries as a script)
  --mac MAC        a client's MAC, aa:bb:cc:dd:ee:ff; must be followed by
  --target TARGET  its own AoE disk, eSHELF.SLOT[pPART]: shelf 0-65534 but
                   4095, slot 0-254, partition 1-15 (e0.7p1), or the shared
                   image it boots with --overlay
  --overlay OVL    that machine's writable layer on a shared read-only image:
                   tmpfs[:size=SIZE] or its own AoE disk eSHELF.SLOT[pPART]
                   (adds ro rd.aoe.overlay=OVL; see docs/lab-guide.md)
  --hostname NAME  that machine's host name (systemd.hostname=NAME)
  --image-version NAME  the image version (e.g. 2026-11): pxelinux prints
                   "aoe-boot: image NAME" on the screen when it loads the
                   entry (SAY), and the labels and file headers name it
  --kernel FILE    the kernel image (e.g. /boot/vmlinuz-\$(uname -r))
  --initrd FILE    an initramfs built with "dracut --add aoe"
  -h, --help       this text

Templates: $AOE_PXE_TEMPLATES/{default,01-MAC.example}.
Missing pxelinux.0 or ldlinux.c32: apt-get install pxelinux syslinux-common
Environment: AOE_PXELINUX, AOE_LDLINUX, AOE_SHIM, AOE_GRUBNET override the
pxelinux.0, ldlinux.c32, shim and GRUB paths.
EOF
}

# die OPTION=VALUE MESSAGE: the one-line usage error, exit 2.
die() {
	echo "$me: $1: $2" >&2
	exit 2
}

# fail MESSAGE: a runtime error, exit 1.
fail() {
	echo "$me: $*" >&2
	exit 1
}

target_form="expected eSHELF.SLOT[pPART] (shelf 0-65534 but 4095, slot 0-254, part 1-15)"
overlay_form="expected tmpfs, tmpfs:size=SIZE or eSHELF.SLOT[pPART]"

# One grammar for targets: the helper's. aoe-up --check judges every target and
# overlay as it will at boot (src/opts.c, src/target.c). AOE_UP names it; else the
# repository's src/aoe-up (built if need be), else aoe-up as installed.
aoe_up=${AOE_UP:-}
# find_aoe_up: set aoe_up to a runnable helper, or die saying how to get one.
find_aoe_up() {
	local c
	[ -n "$aoe_up" ] && return 0
	if [ -f "$here/../src/Makefile" ]; then
		[ -x "$here/../src/aoe-up" ] || make -s -C "$here/../src" > /dev/null 2>&1
		[ -x "$here/../src/aoe-up" ] && { aoe_up=$here/../src/aoe-up; return 0; }
	fi
	for c in "$(command -v aoe-up)" /usr/lib/dracut/modules.d/50aoe/aoe-up; do
		[ -n "$c" ] && [ -x "$c" ] && { aoe_up=$c; return 0; }
	done
	fail "no aoe-up to check the targets with: run make in the repository (or set AOE_UP=)"
}

# valid_target T: aoe-up accepts T as rd.aoe.target= (eSHELF.SLOT[pPART] in range).
valid_target() {
	find_aoe_up
	"$aoe_up" --check "rd.aoe.target=$1" > /dev/null 2>&1
}

# valid_overlay V ROOT: aoe-up accepts V as rd.aoe.overlay= for the root ROOT
# (tmpfs, tmpfs:size=SIZE or an AoE disk).
valid_overlay() {
	find_aoe_up
	"$aoe_up" --check "rd.aoe.overlay=$1" "rd.aoe.target=$2" > /dev/null 2>&1
}

root=/dev/etherd/e0.1p1
append=
version=
default_opts=0
overlays=()
hostnames=()
kernel=
initrd=
outdir=
macs=()
targets=()

while (($#)); do
	opt=$1
	case $opt in
		-h | --help)
			usage
			exit 0
			;;
		--root=* | --append=* | --mac=* | --target=* | --kernel=* | --initrd=* | --overlay=* | --image-version=* | --hostname=*)
			val=${opt#*=}
			opt=${opt%%=*}
			;;
		--root | --append | --mac | --target | --kernel | --initrd | --overlay | --image-version | --hostname)
			(($# >= 2)) || die "$opt" "needs a value"
			val=$2
			shift
			;;
		--)
			shift
			(($# <= 1)) || die "$2" "one OUTDIR only"
			(($# == 0)) || [[ -z $outdir ]] || die "$1" "one OUTDIR only, already have $outdir"
			(($# == 0)) || outdir=$1
			break
			;;
		-*) die "$opt" "unknown option (see --help)" ;;
		*)
			[[ -z $outdir ]] || die "$opt" "one OUTDIR only, already have $outdir"
			outdir=$opt
			shift
			continue
			;;
	esac
	shift
	case $opt in --root | --append | --image-version) default_opts=1 ;; esac
	case $opt in
		--root) root=$val ;;
		--append)
			[[ $val != *$'\n'* ]] || die "--append" "must be one line"
			[[ $val =~ ^[A-Za-z0-9\ =,.:/_+@%~!-]*$ ]] ||
				die "--append=$val" "expected kernel options: letters, digits, blanks and = , . : / _ + @ % ~ ! - (GRUB reads its entries as a script)"
			read -ra words <<< "$val"
			for w in "${words[@]}"; do
				case $w in
					root=* | initrd=* | BOOTIF=*)
						die "--append=$w" "set by $me (use --root; BOOTIF= comes from IPAPPEND 2)"
						;;
					rd.aoe.target=*)
						valid_target "${w#rd.aoe.target=}" || die "--append=$w" "$target_form"
						;;
				esac
			done
			append+=${append:+ }$val
			;;
		--mac)
			[[ $val =~ ^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$ ]] ||
				die "--mac=$val" "expected aa:bb:cc:dd:ee:ff"
			val=${val,,}
			for m in "${macs[@]}"; do
				[[ $m != "$val" ]] || die "--mac=$val" "given twice"
			done
			((${#macs[@]} == ${#targets[@]})) ||
				die "--mac=${macs[-1]}" "needs a --target eSHELF.SLOT[pPART] after it"
			macs+=("$val")
			overlays+=("")
			hostnames+=("")
			;;
		--target)
			((${#macs[@]} == ${#targets[@]} + 1)) ||
				die "--target=$val" "must follow a --mac aa:bb:cc:dd:ee:ff"
			valid_target "$val" || die "--target=$val" "$target_form"
			targets+=("$val")
			;;
		--overlay)
			if ((${#macs[@]} != ${#targets[@]} || ${#macs[@]} == 0)) || [[ -n ${overlays[-1]} ]]; then
				die "--overlay=$val" "must follow a --mac aa:bb:cc:dd:ee:ff --target eSHELF.SLOT[pPART]"
			fi
			[[ ${val%p*} != "${targets[-1]%p*}" ]] || die "--overlay=$val" "is the root's own disk ${targets[-1]%p*}"
			valid_overlay "$val" "${targets[-1]}" || die "--overlay=$val" "$overlay_form"
			for i in "${!overlays[@]}"; do
				[[ $val == tmpfs* || ${overlays[i]%p*} != "${val%p*}" ]] ||
					die "--overlay=$val" "also the overlay of ${macs[i]}: one overlay disk per machine"
			done
			overlays[-1]=$val
			;;
		--hostname)
			if ((${#macs[@]} != ${#targets[@]} || ${#macs[@]} == 0)) || [[ -n ${hostnames[-1]} ]]; then
				die "--hostname=$val" "must follow a --mac aa:bb:cc:dd:ee:ff --target eSHELF.SLOT[pPART]"
			fi
			[[ $val =~ ^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$ ]] ||
				die "--hostname=$val" "expected a host name: letters, digits and -, up to 63"
			hostnames[-1]=$val
			;;
		--image-version)
			[[ $val =~ ^[A-Za-z0-9._+-]{1,40}$ ]] || die "--image-version=$val" "expected 1-40 letters, digits, . _ + -"
			version=$val
			;;
		--kernel) kernel=$val ;;
		--initrd) initrd=$val ;;
	esac
done
((${#macs[@]} == ${#targets[@]})) ||
	die "--mac=${macs[-1]}" "needs a --target eSHELF.SLOT[pPART] after it"
case $root in
	/dev/etherd/*)
		valid_target "${root#/dev/etherd/}" ||
			die "--root=$root" "expected /dev/etherd/eSHELF.SLOT[pPART] (shelf 0-65534 but 4095, slot 0-254, part 1-15)"
		;;
	UUID=?* | LABEL=?* | PARTUUID=?* | PARTLABEL=?*)
		[[ " $append " == *" rd.aoe.target="* ]] ||
			die "--root=$root" "not an AoE device name; also give --append rd.aoe.target=eSHELF.SLOT[pPART]"
		;;
	*) die "--root=$root" "expected /dev/etherd/eSHELF.SLOT[pPART], or UUID=/LABEL= with rd.aoe.target=" ;;
esac
[[ -n $kernel ]] || die "--kernel" "missing; give --kernel FILE"
[[ -n $initrd ]] || die "--initrd" "missing; give --initrd FILE"
[[ -n $outdir ]] || die "OUTDIR" "missing; give the TFTP root, e.g. /srv/tftp"
[[ -f $kernel && -r $kernel ]] || die "--kernel=$kernel" "not a readable file"
[[ -f $initrd && -r $initrd ]] || die "--initrd=$initrd" "not a readable file"
[[ ! -e $outdir || -d $outdir ]] || die "OUTDIR=$outdir" "exists and is not a directory"

for f in "$AOE_PXELINUX" "$AOE_LDLINUX"; do
	[[ -r $f ]] || fail "$f: missing; apt-get install pxelinux syslinux-common"
done
for f in default 01-MAC.example; do
	[[ -r $AOE_PXE_TEMPLATES/$f ]] || fail "$AOE_PXE_TEMPLATES/$f: template missing"
done

# Two machines writing one disk corrupt its filesystem: say so. A machine
# does not write its root with ro or an overlay (its own, or one for all).
# shared I: true if machine I mounts its root read-only.
shared() { [[ -n ${overlays[$1]} || " $append " == *" ro "* || " $append " == *" rd.aoe.overlay="* ]]; }
for i in "${!targets[@]}"; do
	for ((j = i + 1; j < ${#targets[@]}; j++)); do
		[[ ${targets[i]%p*} == "${targets[j]%p*}" ]] || continue
		shared "$i" && shared "$j" ||
			echo "$me: warning: ${macs[i]} and ${macs[j]} both boot ${targets[i]%p*}; two writers corrupt a disk (give each --overlay, or --append ro for a shared read-only root)" >&2
	done
	# the default entry's root disk, booted by every machine without a file
	rd=${root#/dev/etherd/}
	[[ $root == /dev/etherd/* && ${targets[i]%p*} == "${rd%p*}" ]] || continue
	shared "$i" ||
		echo "$me: warning: ${macs[i]} boots ${targets[i]%p*} read-write, and so does every machine without a file of its own; two writers corrupt a disk (give it --overlay, or --append ro)" >&2
done

# put SRC NAME: copy SRC to OUTDIR/NAME, mode 0644, replacing NAME in one
# rename so that a TFTP client never reads a half-written file.
put() {
	local tmp
	tmp=$(mktemp "$outdir/.${2##*/}.XXXXXX") || fail "cannot write in $outdir"
	if ! cat -- "$1" > "$tmp" || ! chmod 0644 "$tmp" || ! mv -f -- "$tmp" "$outdir/$2"; then
		rm -f -- "$tmp"
		fail "cannot write $outdir/$2"
	fi
}

# render TEMPLATE ROOT APPEND HEADER [VERSION]: the template without its comment
# lines, root= set to ROOT on each APPEND line and APPEND added to its end;
# VERSION goes into the MENU TITLE and MENU LABEL lines.
render() {
	printf '# %s\n# Written by pxelinux/mktftp.sh from %s; edits are lost when it runs again.\n\n' \
		"$4" "${1##*/}"
	R=$2 A=$3 V=${5:-} awk '
		/^[ \t]*#/ { next }
		!started && /^[ \t]*$/ { next }
		{ started = 1 }
		ENVIRON["V"] != "" && toupper($1) == "MENU" && (toupper($2) == "TITLE" || toupper($2) == "LABEL") {
			$0 = $0 " [image " ENVIRON["V"] "]"
		}
		ENVIRON["V"] != "" && toupper($1) == "DEFAULT" { print "SAY aoe-boot: image " ENVIRON["V"] }
		toupper($1) == "APPEND" {
			sub(/ root=[^ \t]*/, " root=" ENVIRON["R"])
			if (ENVIRON["A"] != "") $0 = $0 " " ENVIRON["A"]
		}
		{ print }
	' "$1"
}

# mac_append: a pinned machine's rd.aoe.target comes from its own root=,
# not the default's.
mac_append=
read -ra words <<< "$append"
for w in "${words[@]}"; do
	[[ $w == rd.aoe.target=* ]] || mac_append+=${mac_append:+ }$w
done
# entry_append I: machine I's options after root=.
entry_append() {
	local a=$mac_append
	[[ -z ${overlays[$1]} ]] || a+=${a:+ }"ro rd.aoe.overlay=${overlays[$1]}"
	[[ -z ${hostnames[$1]} ]] || a+=${a:+ }"systemd.hostname=${hostnames[$1]}"
	echo "$a"
}
# check_line WHO CMDLINE: aoe-up --check accepts CMDLINE, else one line, exit 2.
check_line() {
	local err
	find_aoe_up
	err=$("$aoe_up" --check --cmdline="$2" 2>&1 > /dev/null) ||
		die "$1" "aoe-up --check refuses its command line: ${err:-exit status $?}"
}
# the default is kept when it exists and this run only adds machines
keep_default=0
[[ $default_opts == 0 && ${#macs[@]} -gt 0 && -f $outdir/pxelinux.cfg/default ]] && keep_default=1
[[ $keep_default == 1 ]] || check_line "--append" "root=$root $append"
for i in "${!macs[@]}"; do
	check_line "--mac=${macs[i]}" "root=/dev/etherd/${targets[i]} $(entry_append "$i")"
done

install -d -m 0755 "$outdir" "$outdir/pxelinux.cfg" || fail "cannot create $outdir/pxelinux.cfg"
chmod 0755 "$outdir" "$outdir/pxelinux.cfg" || fail "cannot chmod $outdir"
put "$AOE_PXELINUX" pxelinux.0
put "$AOE_LDLINUX" ldlinux.c32
put "$kernel" vmlinuz
put "$initrd" initrd.img
uefi=0
if [[ -r $AOE_SHIM && -r $AOE_GRUBNET ]]; then
	uefi=1
	install -d -m 0755 "$outdir/grub" || fail "cannot create $outdir/grub"
	put "$AOE_SHIM" bootx64.efi
	put "$AOE_GRUBNET" grubx64.efi
fi

# grubify BOOTIF: the rendered pxelinux entry on stdin as GRUB's entry: each
# label with a kernel a menuentry (initrd= its initrd line), the default and
# the timeout (tenths of a second in pxelinux), SAY lines echoed, BOOTIF
# (IPAPPEND 2) as given. The words are checked: GRUB would read $ ; | &.
grubify() {
	B=$1 awk -v Q="'" '
		/^[ \t]*#/ { print; next }
		{ k = toupper($1) }
		k == "SAY" { $1 = ""; say[++ns] = substr($0, 2) }
		k == "DEFAULT" { def = $2 }
		k == "TIMEOUT" { t = int(($2 + 9) / 10) }
		k == "PROMPT" { prompt = $2 }
		k == "LABEL" { lab = $2; order[++n] = lab }
		k == "MENU" && toupper($2) == "LABEL" { $1 = ""; $2 = ""; title[lab] = substr($0, 3) }
		k == "KERNEL" { kern[lab] = $2 }
		k == "IPAPPEND" && int($2 / 2) % 2 == 1 { ipa[lab] = 1 }
		k == "APPEND" {
			a = ""; rd = ""
			for (i = 2; i <= NF; i++)
				if ($i ~ /^initrd=/) rd = substr($i, 8); else a = a " " $i
			app[lab] = a; ird[lab] = rd
		}
		# q S: S in single quotes for GRUB (a quote in it closed, escaped, reopened)
		function q(v) { gsub(Q, Q "\\\\" Q Q, v); return Q v Q }
		END {
			# pxelinux boots the default at once without PROMPT 1; with it,
			# TIMEOUT 0 waits for ever
			printf "set timeout=%d\nset default=%s\n", prompt == 1 ? (t > 0 ? t : -1) : 0, def
			for (i = 1; i <= ns; i++) printf "echo %s\n", q(say[i])
			for (i = 1; i <= n; i++) {
				l = order[i]
				if (!(l in kern)) continue
				printf "menuentry %s --id %s {\n  linux /%s%s%s\n", q((l in title) ? title[l] : l), l, kern[l], app[l], (l in ipa) ? " BOOTIF=" ENVIRON["B"] : ""
				if (ird[l] != "") printf "  initrd /%s\n", ird[l]
				print "}"
			}
		}'
}

# the GRUB side: grub/grub.cfg finds the machine's entry by its MAC, as
# pxelinux does, and gives default.grub the BOOTIF it cannot know
grubcfg() {
	cat << 'EOF'
# UEFI machines' GRUB (grubx64.efi, after shim) reads this, then the
# machine's pxelinux.cfg/01-<mac>.grub, or pxelinux.cfg/default.grub.
# Written by pxelinux/mktftp.sh; edits are lost when it runs again.
regexp --set=1:m1 --set=2:m2 --set=3:m3 --set=4:m4 --set=5:m5 --set=6:m6 '^(..):(..):(..):(..):(..):(..)$' "$net_default_mac"
set bootif=01-$m1-$m2-$m3-$m4-$m5-$m6
export bootif
configfile /pxelinux.cfg/$bootif.grub
configfile /pxelinux.cfg/default.grub
EOF
}

cfg=$(mktemp) || fail "mktemp failed"
trap 'rm -f "$cfg"' EXIT
# version: the image version in the menu title and labels
vtitle=${version:+ (image $version)}
if [[ $keep_default == 0 ]]; then
	render "$AOE_PXE_TEMPLATES/default" "$root" "$append" \
		"Every machine without a pxelinux.cfg/01-<mac> file boots $root${vtitle}." "$version" > "$cfg" ||
		fail "cannot render pxelinux.cfg/default"
	put "$cfg" pxelinux.cfg/default
fi
# default.grub follows pxelinux.cfg/default: rewritten with it, or made
# from the one kept when it has no GRUB twin yet
if [[ $uefi == 1 ]] && [[ $keep_default == 0 || ! -f $outdir/pxelinux.cfg/default.grub ]]; then
	# shellcheck disable=SC2016 # GRUB's variable, set by grub/grub.cfg
	grubify '$bootif' < "$outdir/pxelinux.cfg/default" > "$cfg" || fail "cannot render pxelinux.cfg/default.grub"
	put "$cfg" pxelinux.cfg/default.grub
fi
if [[ $uefi == 1 ]]; then
	grubcfg > "$cfg" || fail "cannot render grub/grub.cfg"
	put "$cfg" grub/grub.cfg
fi
for i in "${!macs[@]}"; do
	name=01-${macs[i]//:/-}
	a=$(entry_append "$i") what="its own disk ${targets[i]}"
	[[ -z ${overlays[i]} ]] || what="the shared image ${targets[i]}, writable layer ${overlays[i]}"
	render "$AOE_PXE_TEMPLATES/01-MAC.example" "/dev/etherd/${targets[i]}" "$a" \
		"The machine with MAC ${macs[i]} boots $what${vtitle}." "$version" > "$cfg" ||
		fail "cannot render pxelinux.cfg/$name"
	put "$cfg" "pxelinux.cfg/$name"
	if [[ $uefi == 1 ]]; then
		grubify "$name" < "$outdir/pxelinux.cfg/$name" > "$cfg" || fail "cannot render pxelinux.cfg/$name.grub"
		put "$cfg" "pxelinux.cfg/$name.grub"
	fi
done
uefi_say=" (UEFI: shim, GRUB and .grub entries)"
[[ $uefi == 1 ]] || uefi_say=" (BIOS only: no $AOE_SHIM or $AOE_GRUBNET; apt-get install shim-signed grub-efi-amd64-signed for UEFI)"
if [[ $keep_default == 1 ]]; then
	echo "$me: $outdir: pxelinux.0 ldlinux.c32 vmlinuz initrd.img and ${#macs[@]} per-MAC file(s); pxelinux.cfg/default kept as it was (give --root, --append or --image-version to rewrite it)$uefi_say"
else
	echo "$me: $outdir: pxelinux.0 ldlinux.c32 vmlinuz initrd.img pxelinux.cfg/default${macs[*]:+ and ${#macs[@]} per-MAC file(s)}$uefi_say"
fi
