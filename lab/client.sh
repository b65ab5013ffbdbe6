# shellcheck shell=bash
# client.sh - `aoe-lab client add|rm|reset`: a machine in the record.

client_usage() {
	cat << 'EOF2'
usage: aoe-lab client add MAC [--name NAME] [--image IMAGE[@VERSION]]
                          [--layer tmpfs|disk:SIZE|none] [--append "OPTIONS"]
       aoe-lab client rm NAME|MAC
       aoe-lab client reset [--force] NAME|MAC...
       aoe-lab client list

add: record the machine with that MAC (aa:bb:cc:dd:ee:ff). Defaults: its
name pc-DDEEFF (the MAC's last three bytes), the lab's only image (give
--image when there are several), a tmpfs layer. A disk layer gets the
lowest free seat. Its kernel command line is checked with aoe-up --check
before the record changes. The same machine added again: unchanged.
rm: take the machine out of the record (its layer disk stays).
reset: empty a machine's kept layer: refused while the machine is heard
using it on the lab NIC (3 s; --force skips that); its export stopped, its
disk made blank again, the export started; its next
boot formats the layer and runs the image's published version (a kept
layer belongs to the version it was made on: after a publish, a machine
with one stays on its version until it is reset).
Once aoe-lab apply has written the lab's boot entries, add and rm keep
them in step: the new set is made first, the record written, then the set
switched in (aoe-lab apply --help).

Exit status: 0 done or unchanged, 1 failed (nothing changed), 2 bad usage
or value (nothing changed), 4 another aoe-lab is changing the lab.
EOF2
}

# client_opt VERB OPT VALUE: VALUE of client OPT has its form, else one line, exit 2.
client_opt() {
	conf_valid client "$2" "$3" && return 0
	usage_err "$1: --$2 $3: expected $(conf_form client "$2")"
}

# client_find WHO: the name of the machine WHO (a name or a MAC), or 1.
client_find() {
	local c
	for c in "${CONF_CLIENTS[@]}"; do
		[ "$c" = "$1" ] || [ "${CONF[client/$c/mac]}" = "$1" ] && { echo "$c"; return 0; }
	done
	return 1
}

# client_seat: the lowest seat no machine has.
client_seat() {
	local s c used=" "
	for c in "${CONF_CLIENTS[@]}"; do used+="${CONF[client/$c/seat]:-} "; done
	for ((s = 0; s <= 254; s++)); do [[ $used == *" $s "* ]] || { echo "$s"; return 0; }; done
	return 1
}

verb_client_add() {
	local v="client add" mac name="" image="" layer=tmpfs append="" has_append=0 c t seat o up lsh=""
	[ $# -gt 0 ] || usage_err "$v: expected a MAC (aoe-lab client --help)"
	case $1 in -h | --help) client_usage; return 0 ;; esac
	mac=$1
	shift
	is_mac "$mac" || usage_err "$v: $mac: expected $(conf_form client mac)"
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || usage_err "$v: $1: expected a value after it"
		case $1 in
		--name) is_name "$2" || usage_err "$v: --name $2: expected a-z, 0-9 and -, 1-32 characters"; name=$2 ;;
		--image) client_opt "$v" image "$2"; image=$2 ;;
		--layer) client_opt "$v" layer "$2"; layer=$2 ;;
		--append) client_opt "$v" append "$2"; append=$2 has_append=1 ;;
		*) usage_err "$v: $1: unknown option; expected --name, --image, --layer or --append" ;;
		esac
		shift 2
	done
	[ -n "$name" ] || name=pc-$(tr -d : <<< "${mac:9}")
	rec_lock "$v"
	rec_read "$v"
	if [ -z "$image" ]; then
		[ ${#CONF_IMAGES[@]} -eq 1 ] ||
			usage_err "$v: --image: expected one of: ${CONF_IMAGES[*]:-(no image in the lab yet)}"
		image=${CONF_IMAGES[0]}
	fi
	if c=$(client_find "$mac"); then
		if [ "$c" = "$name" ] && [ "${CONF[client/$c/image]}" = "$image" ] &&
			[ "${CONF[client/$c/layer]:-tmpfs}" = "$layer" ] &&
			{ [ "$has_append" = 0 ] || [ "${CONF[client/$c/append]:-}" = "$append" ]; }; then
			echo "unchanged: [client $c] ($mac)"
			return 0
		fi
		usage_err "$v: $mac: [client $c] has it; expected a MAC not in the lab (aoe-lab client rm $c first)"
	fi
	[ -z "${CONF_LINE[client/$name]:-}" ] ||
		usage_err "$v: --name $name: [client $name] exists (${CONF[client/$name/mac]}); expected a name not in the lab"
	t=$REC_TMP
	# the first kept layer: the layers get the lowest free shelf
	if [[ $layer == disk:* ]] && [ -z "${CONF[lab/-/layer_shelf]:-}" ]; then
		lsh=$(conf_free_shelf) || usage_err "$v: no free shelf for the layers"
	fi
	{
		awk -v h="${CONF_LINE[lab/-]:-0}" -v s="$lsh" '{ print } NR == h && s != "" { print "layer_shelf = " s }' "$AOE_LAB_CONF"
		printf '\n[client %s]\nmac = %s\nimage = %s\nlayer = %s\n' "$name" "$mac" "$image" "$layer"
		if [[ $layer == disk:* ]]; then
			seat=$(client_seat) || usage_err "$v: no free seat (0-254 are taken)"
			echo "seat = $seat"
		fi
		[ -z "$append" ] || echo "append = $append"
	} > "$t"
	rec_check "$v" "$t" || exit 2
	if o=$(lab_cmdline "$name" "$(lab_pin_macs)"); then
		up=$(aoe_up_bin) || { echo "aoe-lab: $v: no aoe-up to check the command line with; expected the aoe-boot package (or AOE_UP=PATH)" >&2; exit 1; }
		o=$("$up" --check --cmdline="$o" 2>&1 > /dev/null) ||
			usage_err "$v: --append: ${o:-aoe-up --check failed}"
	fi
	change_begin "$v" "$t"
	echo "created: [client $name] ($mac, image $image, layer $layer${seat:+, seat $seat}${lsh:+, the layers on shelf $lsh})"
	change_end "$v"
}

# client_idle VERB CLIENT...: refuse (exit 2) when one of the machines is
# heard using its layer disk in 3 s on the lab NIC (it is running: its
# mounted layer must not be emptied under it).
client_idle() {
	local vb=$1 c heard
	shift
	heard=$(lab_listen "$vb" 3 " to see whether the machines are off (--force if they are)") || exit 1
	for c in "$@"; do
		! grep -qx "uses ${CONF[client/$c/mac]} ${CONF[lab/-/layer_shelf]} ${CONF[client/$c/seat]} .*" <<< "$heard" ||
			usage_err "$vb: [client $c] is running: heard using its layer e${CONF[lab/-/layer_shelf]}.${CONF[client/$c/seat]}; expected it powered off (or --force)"
	done
}

# client_blank VERB CLIENT: CLIENT's layer export stopped and its disk made
# blank (a new sparse file renamed over it); the environment file goes, so
# the next export_sync starts the export again. Says what it did.
client_blank() {
	local f=$AOE_LAB_STATE/layers/$2.img size=${CONF[client/$2/layer]#disk:} e
	e=$(export_dir)/$2.layer.env
	if [ -e "$e" ]; then
		export_unit stop "$2.layer" || { echo "aoe-lab: $1: systemctl disable --now aoe-lab-export@$2.layer.service failed; the layer is as it was" >&2; return 1; }
		rm -f "$e"
		echo "stopped: aoe-lab-export@$2.layer"
	fi
	export_blank "$f" "$size" -f || { echo "aoe-lab: $1: cannot make the layer disk $f blank ($size)" >&2; return 1; }
	echo "emptied: layer disk $f ($size, blank: the machine's next boot formats it)"
}

verb_client_reset() {
	local v="client reset" w c t lines=" " names=() force=0
	[ $# -ge 1 ] || usage_err "$v: expected NAME or MAC, one or more"
	case $1 in -h | --help) client_usage; return 0 ;; esac
	[ "$1" != --force ] || { force=1; shift; }
	[ $# -ge 1 ] || usage_err "$v: expected NAME or MAC, one or more"
	rec_lock "$v"
	rec_read "$v"
	t=$REC_TMP
	for w in "$@"; do
		c=$(client_find "$w") || usage_err "$v: $w: no such machine; expected a name or MAC from aoe-lab client list"
		[[ ${CONF[client/$c/layer]:-tmpfs} == disk:* ]] ||
			usage_err "$v: $w: [client $c] has layer ${CONF[client/$c/layer]:-tmpfs}; expected a machine with a kept layer (layer = disk:SIZE)"
		names+=("$c")
		[ -z "${CONF_LINE[client/$c/layer_on]:-}" ] || lines+="${CONF_LINE[client/$c/layer_on]} "
	done
	# the record: the machines follow their image's published version again
	awk -v drop="$lines" 'index(drop, " " NR " ") { next } { print }' "$AOE_LAB_CONF" > "$t"
	rec_check "$v" "$t" || exit 2
	[ "$force" = 1 ] || client_idle "$v" "${names[@]}"
	# shellcheck disable=SC2034 # read by change_fail (change.sh)
	CHANGE_NOTE="the layer disks emptied so far stay empty (each such machine formats it at its next boot); run aoe-lab client reset ${names[*]} again"
	for c in "${names[@]}"; do client_blank "$v" "$c" || change_fail "$v"; done
	change_begin "$v" "$t"
	# shellcheck disable=SC2034 # read by change_fail (change.sh)
	CHANGE_NOTE=
	for c in "${names[@]}"; do
		w=$(lab_version "$c")
		if [ -n "$w" ]; then
			echo "reset: [client $c] boots image ${CONF[client/$c/image]} version $w on an empty layer"
		else
			echo "reset: [client $c] gets an empty layer (image ${CONF[client/$c/image]} has no version published yet)"
		fi
	done
	change_end "$v"
}

verb_client_rm() {
	local v="client rm" c t m
	[ $# -eq 1 ] || usage_err "$v: expected one NAME or MAC"
	case $1 in -h | --help) client_usage; return 0 ;; esac
	rec_lock "$v"
	rec_read "$v"
	c=$(client_find "$1") || usage_err "$v: $1: no such machine; expected a name or MAC from aoe-lab client list"
	m=${CONF[client/$c/mac]}
	t=$REC_TMP
	# the section: its header up to the next header (or the end), the
	# comments in between with it
	awk -v h="${CONF_LINE[client/$c]}" '
		NR == h { skip = 1; next }
		skip && /^[ \t]*\[/ { skip = 0 }
		!skip' "$AOE_LAB_CONF" > "$t"
	rec_check "$v" "$t" || exit 2
	change_begin "$v" "$t"
	echo "removed: [client $c] ($m)"
	change_end "$v"
}
