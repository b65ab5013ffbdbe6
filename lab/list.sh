# shellcheck shell=bash
# list.sh - `aoe-lab image list` and `aoe-lab client list`: the record as
# tables (read only).

verb_image_list() {
	local i c n
	rec_read "image list"
	printf '%-16s %-6s %-10s %-9s %s\n' IMAGE SHELF PUBLISHED SUITE MACHINES
	for i in "${CONF_IMAGES[@]}"; do
		n=0
		for c in "${CONF_CLIENTS[@]}"; do [ "${CONF[client/$c/image]%@*}" = "$i" ] && n=$((n + 1)); done
		printf '%-16s %-6s %-10s %-9s %s\n' "$i" "${CONF[image/$i/shelf]}" "${CONF[image/$i/published]:--}" \
			"${CONF[image/$i/suite]:-bookworm}" "$n"
	done
}

verb_client_list() {
	local c v
	rec_read "client list"
	printf '%-16s %-17s %-16s %-7s %s\n' MACHINE MAC IMAGE VERSION LAYER
	for c in "${CONF_CLIENTS[@]}"; do
		v=$(lab_version "$c")
		printf '%-16s %-17s %-16s %-7s %s\n' "$c" "${CONF[client/$c/mac]}" "${CONF[client/$c/image]%@*}" \
			"${v:--}" "${CONF[client/$c/layer]:-tmpfs}"
	done
}
