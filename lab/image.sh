# shellcheck shell=bash
# image.sh - `aoe-lab image publish|rollback|retire`: which version of an
# image the lab's machines boot. A version is a directory
# STATE/images/NAME/VERSION/ (VERSION 1-254, its AoE slot) holding
# root.img (the disk, exported as eSHELF.VERSION), vmlinuz and initrd.img.
# A version is never rewritten: publishing switches the record's
# published= and the boot entries to another one, and the old one stays
# exported (a machine still running it keeps its root) until retired.

image_usage() {
	cat << 'EOF2'
usage: aoe-lab image list
       aoe-lab image create NAME [--suite SUITE] [--size SIZE] [--mirror URL]
                                 [--deb FILE]   (aoe-lab image create --help)
       aoe-lab image update NAME [--deb FILE] [--install PKG[,PKG...]]
       aoe-lab image publish NAME [VERSION]
       aoe-lab image rollback NAME
       aoe-lab image retire NAME VERSION

A version of image NAME is the directory /var/lib/aoe-lab/images/NAME/VERSION/
with root.img (the root disk), vmlinuz and initrd.img.
publish: export VERSION (default: the newest) read-only as eSHELF.VERSION,
  record it as the image's published version and switch every machine on
  the image to it in one set of boot entries (aoe-lab apply --help). The
  version they booted before stays exported.
rollback: publish the newest version older than the published one.
retire: stop exporting VERSION and delete its files; refused while it is
  published or a machine is pinned to it (image = NAME@VERSION).

Exit status: 0 done or unchanged, 1 failed (nothing changed), 2 bad usage
or value (nothing changed), 4 another aoe-lab is changing the lab.
EOF2
}

# image_dir NAME [VERSION]: where the image's versions are.
image_dir() { echo "$AOE_LAB_STATE/images/$1${2:+/$2}"; }

# image_versions NAME: the image's whole versions (root disk, kernel and
# initramfs there), oldest first.
image_versions() {
	local d v
	for d in "$(image_dir "$1")"/*/; do
		v=${d%/} v=${v##*/}
		is_num "$v" 1 254 || continue
		[ -s "$d/root.img" ] && [ -s "$d/vmlinuz" ] && [ -s "$d/initrd.img" ] && echo "$v"
	done | sort -n
}

# image_name VERB NAME: NAME is an image of the record, else one line, exit 2.
image_name() {
	is_name "$2" || usage_err "$1: $2: expected an image's name (a-z, 0-9 and -)"
	[ -n "${CONF_LINE[image/$2]:-}" ] || usage_err "$1: $2: no [image $2] in the record; expected one of: ${CONF_IMAGES[*]:-(none yet)}"
}

# image_set_published VERB NAME VERSION SRC OUT: the record SRC (read
# into CONF) with [image NAME] published = VERSION, into OUT, then checked.
image_set_published() {
	local h=${CONF_LINE[image/$2]} k=${CONF_LINE[image/$2/published]:-0}
	awk -v h="$h" -v k="$k" -v v="$3" '
		NR == k { sub(/=.*/, "= " v) }
		{ print }
		NR == h && k == 0 { print "published = " v }' "$4" > "$5"
	rec_check "$1" "$5" || exit 2
}

# image_layers NAME OLD NEW SRC OUT: the machines on image NAME with a
# kept layer: a layer belongs to the version it was made on (aoe-up
# refuses it over another filesystem UUID), so one that followed OLD stays
# there (layer_on = OLD), and one kept on NEW follows again; the record SRC
# (in CONF) with that, into OUT. Says which, one line each.
image_layers() {
	local n=$1 old=$2 new=$3 c keep=" " drop=" "
	for c in "${CONF_CLIENTS[@]}"; do
		{ [ "${CONF[client/$c/image]}" = "$n" ] && [[ ${CONF[client/$c/layer]:-tmpfs} == disk:* ]]; } || continue
		if [ -z "${CONF[client/$c/layer_on]:-}" ] && [ -n "$old" ]; then
			keep+="${CONF_LINE[client/$c]} "
			echo "kept: [client $c] on version $old, where its layer was made (aoe-lab client reset $c empties the layer and moves it to the published version)"
		elif [ "${CONF[client/$c/layer_on]:-}" = "$new" ]; then
			drop+="${CONF_LINE[client/$c/layer_on]} "
			echo "follows: [client $c] boots the published version again (its layer was made on version $new)"
		fi
	done
	awk -v keep="$keep" -v drop="$drop" -v old="$old" '
		index(drop, " " NR " ") { next }
		{ print }
		index(keep, " " NR " ") { print "layer_on = " old }' "$4" > "$5"
}

# image_publish VERB NAME VERSION: switch image NAME to VERSION.
image_publish() {
	local vb=$1 n=$2 v=$3 old=${CONF[image/$2/published]:-} said
	if [ "$old" = "$v" ]; then
		change_begin "$vb" "$AOE_LAB_CONF" apply
		echo "unchanged: image $n version $v is published"
		change_end "$vb"
		return 0
	fi
	said=$(image_layers "$n" "$old" "$v" "$AOE_LAB_CONF" "$REC_TMP.l") || exit 1
	rec_check "$vb" "$REC_TMP.l" || { rm -f "$REC_TMP.l"; exit 2; }
	image_set_published "$vb" "$n" "$v" "$REC_TMP.l" "$REC_TMP"
	rm -f "$REC_TMP.l"
	change_begin "$vb" "$REC_TMP" apply
	echo "published: image $n version $v${old:+ (was $old, still exported)}"
	[ -z "$said" ] || echo "$said"
	change_end "$vb"
}

verb_image_publish() {
	local vb="image publish" n v all
	case ${1:-} in -h | --help) image_usage; return 0 ;; esac
	{ [ $# -ge 1 ] && [ $# -le 2 ]; } || usage_err "$vb: expected NAME [VERSION]"
	[ $# -lt 2 ] || is_num "$2" 1 254 || usage_err "$vb: $2: expected a version number 1-254"
	rec_lock "$vb"
	rec_read "$vb"
	n=$1
	image_name "$vb" "$n"
	all=$(image_versions "$n")
	v=${2:-$(tail -n1 <<< "$all")}
	[ -n "$v" ] || { echo "aoe-lab: $vb: image $n has no whole version in $(image_dir "$n"); expected VERSION/root.img, vmlinuz and initrd.img there" >&2; exit 1; }
	grep -qx "$v" <<< "$all" || { echo "aoe-lab: $vb: image $n version $v: $(image_dir "$n" "$v") has no root.img, vmlinuz and initrd.img; expected one of: $(paste -sd' ' <<< "$all")" >&2; exit 1; }
	image_publish "$vb" "$n" "$v"
}

verb_image_rollback() {
	local vb="image rollback" n v cur
	case ${1:-} in -h | --help) image_usage; return 0 ;; esac
	[ $# -eq 1 ] || usage_err "$vb: expected NAME"
	rec_lock "$vb"
	rec_read "$vb"
	n=$1
	image_name "$vb" "$n"
	cur=${CONF[image/$n/published]:-}
	[ -n "$cur" ] || usage_err "$vb: image $n: nothing published yet; expected aoe-lab image publish $n first"
	v=$(image_versions "$n" | awk -v c="$cur" '$1 < c' | tail -n1)
	[ -n "$v" ] || { echo "aoe-lab: $vb: image $n: no whole version older than $cur in $(image_dir "$n"); nothing to roll back to" >&2; exit 1; }
	image_publish "$vb" "$n" "$v"
}

verb_image_retire() {
	local vb="image retire" n v c
	case ${1:-} in -h | --help) image_usage; return 0 ;; esac
	[ $# -eq 2 ] || usage_err "$vb: expected NAME VERSION"
	is_num "$2" 1 254 || usage_err "$vb: $2: expected a version number 1-254"
	rec_lock "$vb"
	rec_read "$vb"
	n=$1 v=$2
	image_name "$vb" "$n"
	[ -d "$(image_dir "$n" "$v")" ] || usage_err "$vb: image $n version $v: no such version in $(image_dir "$n")"
	[ "${CONF[image/$n/published]:-}" != "$v" ] ||
		usage_err "$vb: image $n version $v: it is published; expected another version published first (aoe-lab image publish or rollback)"
	for c in "${CONF_CLIENTS[@]}"; do
		[ "${CONF[client/$c/image]}" != "$n@$v" ] ||
			usage_err "$vb: image $n version $v: [client $c] is pinned to it (image = $n@$v); expected it moved first"
		[ "${CONF[client/$c/image]}" != "$n" ] || [ "${CONF[client/$c/layer_on]:-}" != "$v" ] ||
			usage_err "$vb: image $n version $v: [client $c] boots it, its kept layer was made there (layer_on = $v); expected aoe-lab client reset $c first"
	done
	export_retire "$vb" "$n" "$v" || exit 1
	rm -rf "$(image_dir "$n" "$v")" || { echo "aoe-lab: $vb: cannot delete $(image_dir "$n" "$v")" >&2; exit 1; }
	echo "retired: image $n version $v (deleted $(image_dir "$n" "$v"))"
}
