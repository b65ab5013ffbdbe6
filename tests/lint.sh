#!/bin/bash
# Static checks: shellcheck on every shell file, and the initramfs hooks parsed
# by each shell an initrd may run them with (dash, busybox ash, bash).
set -u
cd "$(dirname "$0")/.." || exit 1

# lint_case NAME CMD...: run CMD, report PASS/FAIL under NAME with its output.
lint_case() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "PASS: $name"
	else
		echo "FAIL: $name"
		printf '%s\n' "$out" | sed 's/^/    /' | head -40
	fi
}

if ! command -v shellcheck > /dev/null; then
	echo "SKIP: shellcheck: not installed (apt-get install shellcheck)"
else
	mapfile -t files < <(git ls-files '*.sh' .ci/run | grep -v '^modules.d/95aoe/module-setup.sh$')
	for f in "${files[@]}"; do
		case "$f" in
			modules.d/*) lint_case "shellcheck $f" shellcheck -s sh "$f" ;;
			*) lint_case "shellcheck $f" shellcheck -x "$f" ;;
		esac
	done
	lint_case "shellcheck modules.d/95aoe/module-setup.sh" shellcheck -s bash modules.d/95aoe/module-setup.sh
fi

for hook in modules.d/95aoe/aoe-lib.sh modules.d/95aoe/parse-aoe.sh modules.d/95aoe/aoe-root.sh modules.d/95aoe/aoe-start.sh modules.d/95aoe/aoe-pretrigger.sh modules.d/95aoe/aoe-overlay.sh modules.d/95aoe/mount-overlay.sh; do
	for sh in dash "busybox ash" bash; do
		if command -v "${sh%% *}" > /dev/null; then
			# shellcheck disable=SC2086 # "busybox ash" is two words
			lint_case "$sh -n $hook" $sh -n "$hook"
		else
			echo "SKIP: $sh -n $hook: ${sh%% *} not installed"
		fi
	done
done
