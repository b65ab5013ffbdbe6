#!/bin/sh
# rd.aoe.overlay: one read-only AoE image for many machines, a writable
# overlayfs layer per machine (see dracut.aoe(7)). Sourced by parse-aoe.sh
# (aoe_overlay_parse) and by the pre-pivot hook mount-overlay.sh
# (aoe_overlay_mount). aoe-up --check has validated every rd.aoe.overlay*
# word before either runs; they act only on the values it printed back
# (aoe_opt overlay, overlay.format, overlay.reset), and every FATAL line
# goes through aoe_die (nothing from the command line or the overlay disk,
# which the booted system writes, can run in dracut's emergency hook).
#
#   rd.aoe.overlay=tmpfs[:size=SIZE]   in RAM (default size 25% of RAM)
#   rd.aoe.overlay=eSHELF.SLOT[pPART]  persistent, on another AoE disk:
#                                      ext4 labelled aoe-overlay, with
#                                      aoe-overlay.id naming the image
#   rd.aoe.overlay.format=1            make that ext4 on a blank disk
#   rd.aoe.overlay.reset=1             empty the layer (and adopt the image)
#
# Layout at run time: /run/aoe/lower is the image (read-only), /run/aoe/overlay
# holds upper/ and work/ (tmpfs or the overlay disk), $NEWROOT the overlay.

command -v aoe_die > /dev/null || . /lib/aoe-lib.sh

AOE_OV_LABEL=aoe-overlay
AOE_OV_RUN=${AOE_OV_RUN:-/run/aoe}
AOE_OV_LOWER=$AOE_OV_RUN/lower
AOE_OV_DIR=$AOE_OV_RUN/overlay
AOE_OV_SIZE=25%
AOE_OV_DEV=${AOE_OV_DEV:-/dev/etherd}
AOE_OV_MIB=1048576

# aoe_overlay_parse: cmdline hook part. The image must be mounted read-only:
# rw is an error; shell initrds get ro added to rflags (rootfs-block remounts
# with the image's fstab options) and skip the fsck an fstab pass number asks
# for. systemd initrds mount /sysroot read-only unless rw is given; their
# systemd-fsck-root is skipped by a drop-in (module-setup.sh): e2fsck may
# write to a clean image (seen in tests/e2e/overlay.sh).
aoe_overlay_parse() {
    _aoe_ov=$(aoe_opt overlay) || return 0
    if getargbool 0 rw; then
        aoe_die "rd.aoe.overlay=$_aoe_ov: the shared image must be mounted read-only: remove rw"
    fi
    case ",$(getarg rootflags=)," in
        *,rw,*) aoe_die "rd.aoe.overlay=$_aoe_ov: the shared image must be mounted read-only: remove rw from rootflags=" ;;
    esac
    rflags="${rflags:+$rflags,}ro"
    # shellcheck disable=SC2034 # read by rootfs-block's mount_root
    fastboot=yes
    unset _aoe_ov
}

# aoe_ov_tag NAME BLKID_LINE: print the value of NAME="..." in a blkid line.
aoe_ov_tag() {
    case "$2" in
        *" $1=\""*)
            _aoe_v=${2#*" $1=\""}
            echo "${_aoe_v%%\"*}"
            ;;
    esac
}

# aoe_ov_find: the second aoe-up call, for the overlay disk (--overlay: the
# rd.aoe.overlay= disk it checked is the target): the links and the driver
# are up already, so it only discovers. The same command line as the first
# call, so the same NICs, MTU, timeouts and pin (rd.aoe.mac=).
aoe_ov_find() {
    aoe_up --status-file="$AOE_OV_RUN/overlay-status" --overlay
}

# aoe_ov_zeros DEV NAME: true only if the first and the last MiB of DEV (all
# of it when smaller) read back as zeros; its size from sysfs (NAME: e0.2p1).
# A read error, an unknown size or any other byte is false.
aoe_ov_zeros() {
    _aoe_z=
    _aoe_f="${aoe_sysfs:-/sys}/class/block/etherd!$2/size"
    [ -r "$_aoe_f" ] && read -r _aoe_z < "$_aoe_f"
    case "$_aoe_z" in '' | 0 | *[!0-9]*) return 1 ;; esac
    _aoe_z=$((_aoe_z * 512)) _aoe_n=$AOE_OV_MIB
    [ "$_aoe_z" -lt "$_aoe_n" ] && _aoe_n=$_aoe_z
    cmp -s -n "$_aoe_n" "$1" /dev/zero &&
        cmp -s -n "$_aoe_n" "$1" /dev/zero "$((_aoe_z - _aoe_n))" 0
}

# aoe_ov_probe DEV NAME: set _aoe_id to blkid's low-level probe of DEV (it
# reads the disk, no cache), or to "" for a disk proven blank: blkid found
# no signature and its first and last MiB are zeros (aoe_ov_zeros). Dies
# when it cannot tell: a probe error, two signatures, data blkid does not
# know (random bytes, a qcow2 image), a read error: nothing is formatted on
# a guess.
aoe_ov_probe() {
    _aoe_id=$(blkid -p "$1" 2> /dev/null)
    _aoe_rc=$?
    case "$_aoe_rc" in
        0) ;;
        2)
            _aoe_id=
            aoe_ov_zeros "$1" "$2" ||
                aoe_die "$_aoe_o: $1 holds no filesystem or partition table blkid knows, but is not blank (its first or last MiB is not all zeros, or cannot be read): refusing to use or format it"
            ;;
        *) aoe_die "$_aoe_o: cannot tell what $1 holds (blkid -p exit $_aoe_rc; 8: more than one signature): refusing to use or format it" ;;
    esac
}

# aoe_ov_disk TARGET LOWER_UUID: find, check (format, reset) and mount the
# overlay disk on $AOE_OV_DIR; dies with one line naming what is wrong.
aoe_ov_disk() {
    _aoe_t=$1 _aoe_uuid=$2
    _aoe_o="rd.aoe.overlay=$_aoe_t"
    if ! aoe_ov_find; then
        _aoe_msg=
        [ -r "$AOE_OV_RUN/overlay-status" ] && read -r _aoe_msg < "$AOE_OV_RUN/overlay-status"
        aoe_die "$_aoe_o: AoE overlay disk not found: ${_aoe_msg:-aoe-up failed}"
    fi
    _aoe_dev=$AOE_OV_DEV/$_aoe_t
    aoe_ov_probe "$_aoe_dev" "$_aoe_t"
    _aoe_type=$(aoe_ov_tag TYPE "$_aoe_id")
    _aoe_label=$(aoe_ov_tag LABEL "$_aoe_id")
    _aoe_new=
    if [ -z "$_aoe_type" ]; then
        _aoe_pt=$(aoe_ov_tag PTTYPE "$_aoe_id")
        [ -n "$_aoe_pt" ] &&
            aoe_die "$_aoe_o: $_aoe_dev holds a partition table ($_aoe_pt), not a filesystem: name a partition (eSHELF.SLOTpPART)"
        [ -z "$_aoe_id" ] ||
            aoe_die "$_aoe_o: $_aoe_dev holds a signature but no filesystem (blkid -p: ${_aoe_id#*: }): refusing to use or format it"
        [ "$(aoe_opt overlay.format)" = 1 ] ||
            aoe_die "$_aoe_o: $_aoe_dev is blank: format it once with rd.aoe.overlay.format=1"
        info "aoe: formatting $_aoe_dev as the overlay disk ($AOE_OV_LABEL)"
        mkfs.ext4 -q -F -L "$AOE_OV_LABEL" "$_aoe_dev" > /dev/null 2>&1 ||
            aoe_die "$_aoe_o: cannot format $_aoe_dev (mkfs.ext4 failed or missing)"
        _aoe_new=1
    elif [ "$_aoe_label" != "$AOE_OV_LABEL" ]; then
        aoe_die "$_aoe_o: $_aoe_dev holds $_aoe_type labelled '$_aoe_label', not an overlay (label $AOE_OV_LABEL): refusing to use or format it"
    fi
    mkdir -p "$AOE_OV_DIR"
    mount -t "${_aoe_type:-ext4}" -o rw "$_aoe_dev" "$AOE_OV_DIR" ||
        aoe_die "$_aoe_o: cannot mount $_aoe_dev"
    if [ -n "$_aoe_new" ] || [ "$(aoe_opt overlay.reset)" = 1 ]; then
        [ -z "$_aoe_new" ] && info "aoe: rd.aoe.overlay.reset=1: emptying the overlay on $_aoe_dev"
        rm -rf "$AOE_OV_DIR/upper" "$AOE_OV_DIR/work"
        echo "lower=$_aoe_uuid" > "$AOE_OV_DIR/aoe-overlay.id"
    fi
    _aoe_was=
    [ -r "$AOE_OV_DIR/aoe-overlay.id" ] && read -r _aoe_was < "$AOE_OV_DIR/aoe-overlay.id"
    _aoe_was=${_aoe_was#lower=}
    if [ -z "$_aoe_was" ]; then
        umount "$AOE_OV_DIR"
        aoe_die "$_aoe_o: $_aoe_dev has no aoe-overlay.id naming its image: empty it with rd.aoe.overlay.reset=1"
    fi
    if [ "$_aoe_was" != "$_aoe_uuid" ]; then
        umount "$AOE_OV_DIR"
        aoe_die "$_aoe_o: $_aoe_dev was made for the image with filesystem UUID $_aoe_was, but the root is UUID $_aoe_uuid: boot that image, or empty the overlay with rd.aoe.overlay.reset=1"
    fi
}

# aoe_ov_fixup: per-machine things in the writable layer: the / line of
# fstab names the overlay (no fsck or ext4 remount of the image), each
# overlay gets its own machine-id once, systemd.hostname= goes to /etc/hostname.
aoe_ov_fixup() {
    _aoe_f=$NEWROOT/etc/fstab
    if [ -f "$_aoe_f" ] && ! [ -L "$_aoe_f" ]; then
        _aoe_changed=
        set -f
        while IFS= read -r _aoe_l || [ -n "$_aoe_l" ]; do
            # shellcheck disable=SC2086 # split the fstab fields
            set -- $_aoe_l
            case "$1" in
                '#'* | '' | overlay) ;;
                *) if [ "$2" = / ]; then
                    echo "# rd.aoe.overlay: / is the overlay; the image's line was:"
                    printf '# %s\n' "$_aoe_l"
                    echo "overlay / overlay defaults 0 0"
                    _aoe_changed=1
                    continue
                fi ;;
            esac
            # printf, not echo: dash's echo turns \040, \\ and \0 into other bytes
            printf '%s\n' "$_aoe_l"
        done < "$_aoe_f" > "$AOE_OV_RUN/fstab.new"
        set +f
        if [ -n "$_aoe_changed" ]; then
            cat "$AOE_OV_RUN/fstab.new" > "$_aoe_f"
        fi
        rm -f "$AOE_OV_RUN/fstab.new"
    fi
    # a machine-id of its own: made once per overlay (every boot with tmpfs)
    if ! [ -f "$AOE_OV_DIR/upper/etc/machine-id" ] && [ -r /proc/sys/kernel/random/uuid ]; then
        _aoe_l=
        [ -r "$NEWROOT/etc/machine-id" ] && read -r _aoe_l < "$NEWROOT/etc/machine-id"
        case "$_aoe_l" in
            '' | uninitialized) ;;
            *) warn "rd.aoe.overlay: the shared image has a machine-id ($_aoe_l): every machine gets its own instead; empty /etc/machine-id in the image" ;;
        esac
        IFS=- read -r _aoe_1 _aoe_2 _aoe_3 _aoe_4 _aoe_5 < /proc/sys/kernel/random/uuid
        mkdir -p "$NEWROOT/etc"
        printf '%s\n' "$_aoe_1$_aoe_2$_aoe_3$_aoe_4$_aoe_5" > "$NEWROOT/etc/machine-id"
    fi
    if _aoe_l=$(getarg systemd.hostname=) && [ -n "$_aoe_l" ]; then
        printf '%s\n' "$_aoe_l" > "$NEWROOT/etc/hostname"
    fi
}

# aoe_overlay_mount: pre-pivot part: put the overlay over the read-only
# image on $NEWROOT. Dies (FATAL naming the option) rather than boot the
# machine on something else than what was asked for.
aoe_overlay_mount() {
    # only over an AoE root, as parse-aoe.sh decided and checked (it made
    # it read-only): the overlay aoe-up --check printed back, if any
    _aoe_ov=$(aoe_opt overlay) || return 0
    _aoe_rdev='' _aoe_rfs='' _aoe_ropts=''
    while read -r _aoe_d _aoe_m _aoe_f _aoe_o _; do
        [ "$_aoe_m" = "$NEWROOT" ] || continue
        _aoe_rdev=$_aoe_d _aoe_rfs=$_aoe_f _aoe_ropts=$_aoe_o
    done < /proc/mounts
    [ "$_aoe_rfs" = overlay ] && return 0
    [ -n "$_aoe_rdev" ] || aoe_die "rd.aoe.overlay=$_aoe_ov: no root mounted on $NEWROOT"
    case ",$_aoe_ropts," in
        *,ro,*) ;;
        *) aoe_die "rd.aoe.overlay=$_aoe_ov: the image $_aoe_rdev is mounted read-write, not read-only: remove rw" ;;
    esac
    _aoe_uuid=$(aoe_ov_tag UUID "$(blkid "$_aoe_rdev" 2> /dev/null)")
    mkdir -p "$AOE_OV_LOWER" "$AOE_OV_DIR" || aoe_die "rd.aoe.overlay=$_aoe_ov: cannot create $AOE_OV_DIR"
    modprobe -q overlay 2> /dev/null
    case "$_aoe_ov" in
        tmpfs | tmpfs:size=*)
            _aoe_size=${_aoe_ov#tmpfs}
            _aoe_size=${_aoe_size#:size=}
            mount -t tmpfs -o "mode=0755,size=${_aoe_size:-$AOE_OV_SIZE}" aoe-overlay "$AOE_OV_DIR" ||
                aoe_die "rd.aoe.overlay=$_aoe_ov: cannot mount a tmpfs of size ${_aoe_size:-$AOE_OV_SIZE}"
            ;;
        *)
            aoe_ov_disk "$_aoe_ov" "${_aoe_uuid:-unknown}"
            ;;
    esac
    mkdir -p "$AOE_OV_DIR/upper" "$AOE_OV_DIR/work"
    if ! mount --bind "$NEWROOT" "$AOE_OV_LOWER" || ! mount -o remount,bind,ro "$AOE_OV_LOWER"; then
        aoe_die "rd.aoe.overlay=$_aoe_ov: cannot bind the image to $AOE_OV_LOWER"
    fi
    mount -t overlay overlay \
        -o "lowerdir=$AOE_OV_LOWER,upperdir=$AOE_OV_DIR/upper,workdir=$AOE_OV_DIR/work" "$NEWROOT" ||
        aoe_die "rd.aoe.overlay=$_aoe_ov: cannot mount the overlay on $NEWROOT (overlay module missing?)"
    aoe_ov_fixup
    info "aoe: / is an overlay: image $_aoe_rdev (UUID ${_aoe_uuid:-?}) read-only at $AOE_OV_LOWER, writes to $_aoe_ov"
    echo "rd.aoe.overlay=$_aoe_ov lower=$_aoe_rdev uuid=${_aoe_uuid:-?}" > "$AOE_OV_RUN/overlay.state"
}
