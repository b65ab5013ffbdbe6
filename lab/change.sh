# shellcheck shell=bash
# change.sh - one change of the lab, all or nothing, in this order:
#   1. the candidate record is read and checked (the verb did it: CONF);
#   2. the next generation of boot entries is rendered, hidden (apply.sh);
#   3. the exports it needs are started (export.sh; additive: nothing a
#      running machine uses is stopped or rewritten);
#   4. the record is written (record.sh: beside it, synced, renamed);
#   5. the generation is switched in (one rename), then layer exports of
#      machines no longer recorded are stopped.
# A failure in 2-4 undoes 2-3 and leaves the lab as it was.

# change_begin VERB FILE [apply]: steps 2-4 for the candidate record FILE
# (read into CONF). Boot entries and exports are made when aoe-lab's
# entries are in use already, or always with "apply": before that, a
# change is the record's only. Exits 1 on a failure.
change_begin() {
	CHANGE_GEN=
	if [ "${3:-}" = apply ] || apply_active; then
		apply_prepare "$1" || change_fail "$1"
		CHANGE_GEN=1
	fi
	if [ -n "$CHANGE_GEN" ] && ! export_sync "$1"; then
		change_drop
		change_fail "$1"
	fi
	if [ "$2" != "$AOE_LAB_CONF" ] && ! rec_commit "$1" "$2"; then
		[ -z "$CHANGE_GEN" ] || export_undo
		change_drop
		change_fail "$1"
	fi
	[ -z "$CHANGE_GEN" ] || export_commit
}

# change_fail VERB: exit 1, after CHANGE_NOTE (what the verb did before
# the change and did not undo) when it has one.
change_fail() {
	[ -z "${CHANGE_NOTE:-}" ] || echo "aoe-lab: $1: $CHANGE_NOTE" >&2
	exit 1
}

# change_drop: the hidden generation goes.
change_drop() {
	[ -z "$CHANGE_GEN" ] || [ -z "${APPLY_NEXT:-}" ] || rm -rf "${APPLY_GEN:?}/.$APPLY_NEXT"
}

# change_end VERB: step 5.
change_end() {
	[ -n "$CHANGE_GEN" ] || return 0
	if ! apply_switch "$1"; then
		echo "aoe-lab: $1: the record and the exports are changed; run aoe-lab apply to switch the entries" >&2
		exit 1
	fi
	export_prune "$1"
}
