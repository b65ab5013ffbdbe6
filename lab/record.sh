# shellcheck shell=bash
# record.sh - changing the record: one aoe-lab at a time (a lock), the
# whole new record checked before anything is written, then written beside
# the old one, synced and renamed over it: an interrupted command leaves
# the record as it was or as asked, never half-written.

REC_TMP="" REC_HOLDER=""

# rec_read VERB: read the record into CONF; a problem ends VERB (exit 2)
# with the first one and a pointer to aoe-lab check.
rec_read() {
	conf_read "$AOE_LAB_CONF" && return 0
	echo "aoe-lab: $1: $AOE_LAB_CONF has ${#CONF_ERRORS[@]} problem(s), the first: ${CONF_ERRORS[0]}; run aoe-lab check" >&2
	exit 2
}

# rec_cleanup: at exit, the candidate record goes, and the holder's name
# with the lock.
rec_cleanup() {
	[ -z "$REC_TMP" ] || rm -f "$REC_TMP" "$REC_TMP".*
	[ -z "$REC_HOLDER" ] || : > "$REC_HOLDER"
}

# rec_lock VERB: hold the lab's lock (AOE_LAB_RUN, default /run/aoe-lab)
# for the rest of this process, or end (exit 4) naming the holder; makes
# REC_TMP, a file for the candidate record, removed at exit.
rec_lock() {
	local d=${AOE_LAB_RUN:-/run/aoe-lab} who
	mkdir -p "$d" || { echo "aoe-lab: $1: cannot create $d" >&2; exit 1; }
	exec 9>> "$d/lock" || { echo "aoe-lab: $1: cannot open $d/lock" >&2; exit 1; }
	if ! flock -n 9; then
		who=$(cat "$d/holder" 2> /dev/null)
		echo "aoe-lab: $1: another aoe-lab is changing the lab (${who:-pid unknown}); try again when it is done" >&2
		exit 4
	fi
	REC_HOLDER=$d/holder
	trap rec_cleanup EXIT
	echo "pid $$, $1" > "$REC_HOLDER"
	REC_TMP=$(mktemp) || { echo "aoe-lab: $1: cannot make a temporary file" >&2; exit 1; }
}

# rec_commit VERB FILE: FILE (the new record's text, already checked)
# becomes the record: written to RECORD.new, synced, renamed over RECORD;
# 1 after one line when it cannot be (the record is as it was).
rec_commit() {
	local new=$AOE_LAB_CONF.new
	if ! { cp "$2" "$new" && sync "$new" && mv -fT "$new" "$AOE_LAB_CONF" && sync "$(dirname "$AOE_LAB_CONF")"; } 2> /dev/null; then
		[ -d "$new" ] || rm -f "$new"
		echo "aoe-lab: $1: cannot write $AOE_LAB_CONF; it is as it was" >&2
		return 1
	fi
}

# rec_check VERB FILE: 0 if FILE (a candidate record) has no problem; else
# say its first (in line order) as VERB's one line.
rec_check() {
	local saved=${CONF_FILE:-}
	conf_read "$2" && return 0
	printf '%s\n' "${CONF_ERRORS[@]}" | sort -t: -k2,2n | head -n1 |
		sed "s|^$2|aoe-lab: $1: the record would read: $AOE_LAB_CONF|" >&2
	CONF_FILE=$saved
	return 1
}
