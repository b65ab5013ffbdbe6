# shellcheck shell=bash
# export.sh - the lab's AoE exports: one vblade per image version and per
# kept layer, each a systemd unit aoe-lab-export@INSTANCE.service whose
# environment file STATE/exports/INSTANCE.env this file writes:
#   IMAGE.VERSION   the version's root.img, read-only (-r), unless one
#                   machine boots it with layer=none: then read-write,
#                   synced (-s), and only that machine's MAC may use it (-m)
#   CLIENT.layer    the machine's layer disk (STATE/layers/CLIENT.img),
#                   read-write, synced, only the machine's MAC (-m)
#   IMAGE.VERSION.path-NIC   a read-only version again, on a paths= NIC
#                   (another segment: a second path to the same disk).
#                   Read-write exports get none: vblade's -m allow list
#                   would need the machine's MAC on that segment.
# An image version stays exported from its first publish until
# `aoe-lab image retire`: a machine still running it keeps its root. A
# layer export goes with its machine (client rm); its disk is kept.
# The units are driven through systemctl (AOE_LAB_SYSTEMCTL for tests).

declare -gA EXPORT_WANT=()

# export_dir: where the environment files are.
export_dir() { echo "$AOE_LAB_STATE/exports"; }

# export_env SHELF SLOT FILE FLAGS [NIC]: an environment file's text
# (systemd's EnvironmentFile= syntax; no value holds a quote or a blank but
# FLAGS'); NIC: the lab NIC unless given.
export_env() {
	printf '# aoe-lab: written by aoe-lab from the record; read by aoe-lab-export@.service\n'
	printf 'SHELF=%s\nSLOT=%s\nNIC=%s\nFILE=%s\nFLAGS=%s\n' "$1" "$2" "${5:-${CONF[lab/-/nic]}}" "$3" "$4"
}

# export_paths: each read-only version in EXPORT_WANT again on every
# paths= NIC (instance IMAGE.VERSION.path-NIC).
export_paths() {
	local i n env p=${CONF[lab/-/paths]:-}
	for i in "${!EXPORT_WANT[@]}"; do
		env=${EXPORT_WANT[$i]}
		[[ $i != *.layer && $env == *$'\nFLAGS=-r'* ]] || continue
		for n in ${p//,/ }; do
			EXPORT_WANT[$i.path-$n]=${env/$'\nNIC='${CONF[lab/-/nic]}$'\n'/$'\nNIC='$n$'\n'}
		done
	done
}

# export_wanted: the instances the record (CONF) needs, into EXPORT_WANT
# (instance -> environment file text): every version a machine boots,
# every kept layer. Image versions exported before stay (export_sync
# keeps them).
export_wanted() {
	local c i v img flags
	EXPORT_WANT=()
	for c in "${CONF_CLIENTS[@]}"; do
		img=${CONF[client/$c/image]%@*}
		v=$(lab_version "$c")
		[ -n "$v" ] || continue
		i=$img.$v
		flags=-r
		[ "${CONF[client/$c/layer]:-tmpfs}" != none ] || flags="-s -m ${CONF[client/$c/mac]}"
		if [ -z "${EXPORT_WANT[$i]:-}" ] || [ "$flags" != -r ]; then
			EXPORT_WANT[$i]=$(export_env "${CONF[image/$img/shelf]}" "$v" "$AOE_LAB_STATE/images/$img/$v/root.img" "$flags")
		fi
		if [[ ${CONF[client/$c/layer]:-tmpfs} == disk:* ]]; then
			EXPORT_WANT[$c.layer]=$(export_env "${CONF[lab/-/layer_shelf]}" "${CONF[client/$c/seat]}" \
				"$AOE_LAB_STATE/layers/$c.img" "-s -m ${CONF[client/$c/mac]}")
		fi
	done
	export_paths
}

# export_layer VERB CLIENT: CLIENT's layer disk, made blank (sparse, never
# formatted here: the machine's first boot formats a blank disk,
# rd.aoe.overlay.format=1) when it is not there; EXPORT_MADE gets it.
export_layer() {
	local f=$AOE_LAB_STATE/layers/$2.img size=${CONF[client/$2/layer]#disk:}
	[ ! -e "$f" ] || return 0
	export_blank "$f" "$size" -n || { echo "aoe-lab: $1: cannot make the layer disk $f ($size)" >&2; return 1; }
	EXPORT_MADE+=("$f")
	echo "created: layer disk $f ($size, blank)"
}

# export_blank FILE SIZE -n|-f: a blank sparse disk of SIZE made beside
# FILE and renamed onto it (-n: only if FILE is not there; -f: over it).
export_blank() {
	if { mkdir -p "${1%/*}" && rm -f "$1.new" && truncate -s "$2" "$1.new" && mv "$3" "$1.new" "$1"; }; then
		rm -f "$1.new"
		return 0
	fi
	rm -f "$1.new"
	return 1
}

# export_unit ACTION INSTANCE: systemctl ACTION on the instance's unit;
# the lab's lock (fd 9) is not passed on: nothing started may hold it.
export_unit() {
	local u=aoe-lab-export@$2.service
	# start: enable, then restart (enable --now leaves a running unit
	# on its old environment)
	case $1 in
	start) "$AOE_LAB_SYSTEMCTL" enable "$u" && "$AOE_LAB_SYSTEMCTL" restart "$u" ;;
	restart) "$AOE_LAB_SYSTEMCTL" restart "$u" ;;
	stop) "$AOE_LAB_SYSTEMCTL" disable --now "$u" ;;
	esac > /dev/null 2>&1 9>&-
}

# export_undo: put back what export_sync changed in this run (a later step
# failed): the units it started are stopped, the files it wrote restored.
export_undo() {
	local i d
	d=$(export_dir)
	for i in "${EXPORT_STARTED[@]}"; do export_unit stop "$i"; done
	for i in "${EXPORT_WRITTEN[@]}"; do
		if [ -e "$d/.$i.old" ]; then mv -f "$d/.$i.old" "$d/$i.env" && export_unit restart "$i"; else rm -f "$d/$i.env"; fi
	done
	for i in "${EXPORT_MADE[@]}"; do rm -f "$i"; done
	EXPORT_STARTED=() EXPORT_WRITTEN=() EXPORT_MADE=()
}

# export_sync VERB: every export the record needs is there and running
# with its environment (new ones started, changed ones restarted); layer
# exports of machines no longer in the record are left to export_prune.
# Says what it changed. On a failure: what it did is undone, one line, 1.
export_sync() {
	local d i env cur root
	EXPORT_STARTED=() EXPORT_WRITTEN=() EXPORT_MADE=()
	d=$(export_dir)
	mkdir -p "$d" || { echo "aoe-lab: $1: cannot create $d" >&2; return 1; }
	export_wanted
	for i in $(printf '%s\n' "${!EXPORT_WANT[@]}" | sort); do
		env=${EXPORT_WANT[$i]}$'\n'
		cur=$(cat "$d/$i.env" 2> /dev/null)$'\n'
		[ "$cur" != "$env" ] || continue
		if [[ $i == *.layer ]]; then
			export_layer "$1" "${i%.layer}" || { export_undo; return 1; }
		else
			root=$(sed -n 's/^FILE=//p' <<< "$env")
			if [ ! -s "$root" ]; then
				i=${i%.path-*}
				echo "aoe-lab: $1: image ${i%.*} version ${i##*.} has no root disk $root; expected it there (aoe-lab image create or update makes it)" >&2
				export_undo
				return 1
			fi
		fi
		rm -f "$d/.$i.old"
		[ ! -e "$d/$i.env" ] || cp -p "$d/$i.env" "$d/.$i.old"
		if ! { printf '%s' "$env" > "$d/.$i.new" && mv -f "$d/.$i.new" "$d/$i.env"; }; then
			echo "aoe-lab: $1: cannot write $d/$i.env" >&2
			export_undo
			return 1
		fi
		EXPORT_WRITTEN+=("$i")
		if [ -e "$d/.$i.old" ]; then
			export_unit restart "$i" || { echo "aoe-lab: $1: systemctl restart aoe-lab-export@$i.service failed; the exports are as they were" >&2; export_undo; return 1; }
			echo "restarted: aoe-lab-export@$i ($(export_what "$d/$i.env"))"
		else
			EXPORT_STARTED+=("$i")	# undone even if only the enable worked
			export_unit start "$i" || { echo "aoe-lab: $1: systemctl enable and restart of aoe-lab-export@$i.service failed; the exports are as they were" >&2; export_undo; return 1; }
			echo "started: aoe-lab-export@$i ($(export_what "$d/$i.env"))"
		fi
	done
}

# export_commit: what export_sync did stays (the record is written): the
# old environment files it kept for export_undo go.
export_commit() {
	local d i
	d=$(export_dir)
	for i in "${EXPORT_WRITTEN[@]}"; do rm -f "$d/.$i.old"; done
	EXPORT_STARTED=() EXPORT_WRITTEN=() EXPORT_MADE=()
}

# export_what ENVFILE: "eS.T FILE, read-only" and the like, for messages.
export_what() {
	local s t f fl n
	s=$(sed -n 's/^SHELF=//p' "$1") t=$(sed -n 's/^SLOT=//p' "$1")
	f=$(sed -n 's/^FILE=//p' "$1") fl=$(sed -n 's/^FLAGS=//p' "$1") n=$(sed -n 's/^NIC=//p' "$1")
	case " $fl " in *" -r "*) fl="read-only" ;; *" -m "*) fl="read-write, only ${fl##*-m }" ;; esac
	[ "$n" = "${CONF[lab/-/nic]}" ] || fl+=", on $n"
	echo "e$s.$t $f, $fl"
}

# export_prune VERB: stop the layer exports of machines the record no
# longer has (their disks stay), and the second paths the record no
# longer has (a NIC gone from paths=, a version stopped or read-write
# now). Says what it did.
export_prune() {
	local d f i p=${CONF[lab/-/paths]:-}
	d=$(export_dir)
	for f in "$d"/*.path-*.env; do
		[ -e "$f" ] || continue
		i=${f##*/} i=${i%.env}
		# kept: its NIC is in paths= and its version runs read-only
		[[ ,$p, == *",${i##*.path-},"* ]] && grep -qx 'FLAGS=-r' "$d/${i%.path-*}.env" 2> /dev/null && continue
		if export_unit stop "$i"; then
			rm -f "$f"
			echo "stopped: aoe-lab-export@$i (no longer a path of the record)"
		else
			echo "aoe-lab: $1: warning: systemctl disable --now aoe-lab-export@$i.service failed; $f kept" >&2
		fi
	done
	for f in "$d"/*.layer.env; do
		[ -e "$f" ] || continue
		i=${f##*/} i=${i%.env}
		[ -z "${CONF_LINE[client/${i%.layer}]:-}" ] || continue
		if ! export_unit stop "$i"; then
			echo "aoe-lab: $1: warning: systemctl disable --now aoe-lab-export@$i.service failed; $f kept" >&2
			continue
		fi
		rm -f "$f"
		echo "stopped: aoe-lab-export@$i (the disk stays: $AOE_LAB_STATE/layers/${i%.layer}.img)"
	done
}

# export_retire VERB IMAGE VERSION: stop the version's export, its
# second paths first.
export_retire() {
	local d i=$2.$3 f p
	d=$(export_dir)
	for f in "$d/$i".path-*.env; do
		[ -e "$f" ] || continue
		p=${f##*/} p=${p%.env}
		export_unit stop "$p" || { echo "aoe-lab: $1: systemctl disable --now aoe-lab-export@$p.service failed; the version stays" >&2; return 1; }
		rm -f "$f"
		echo "stopped: aoe-lab-export@$p"
	done
	[ -e "$d/$i.env" ] || return 0
	export_unit stop "$i" || { echo "aoe-lab: $1: systemctl disable --now aoe-lab-export@$i.service failed; the version stays" >&2; return 1; }
	rm -f "$d/$i.env"
	echo "stopped: aoe-lab-export@$i"
}
