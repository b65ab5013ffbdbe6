#!/bin/bash
# The docs against the code: every option of `aoe-up --help` and every
# message the helper prints must be documented, the stated defaults must be
# the helper's, the man pages must render cleanly and every `make help`
# target must be mentioned. Words are matched, not sentences, so rewording
# the docs does not break it; dropping an option or a message does.
# Needs no root.
# shellcheck disable=SC2016 # backticks and $ below are Markdown and perl
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

opts=docs/options.md
trouble=docs/troubleshooting.md
man8=docs/man/aoe-up.8
man7=docs/man/dracut.aoe.7

# flat FILE: the file as one line, whitespace runs made one space, and for
# troff sources the escapes \- \f? \c and \& removed, so that words wrapped
# over lines or set in fonts still match.
flat() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\c$//' -e 's/\\&//g' "$1" |
		tr -s ' \t\n' '   '
}

# has FILE TEXT: FILE (flattened) contains TEXT.
has() { flat "$1" | grep -qF -- "$2"; }

for f in "$opts" "$trouble" "$man8" "$man7" README.md; do
	[ -f "$f" ] || fail "doc exists: $f" "missing"
done

if ! make -s -C src > /dev/null 2>&1 || [ ! -x src/aoe-up ]; then
	fail "helper build" "make -C src failed; cannot read aoe-up --help"
	exit 1
fi
help=$(src/aoe-up --help)

# --- every long option of --help in options.md and aoe-up(8) --------------
mapfile -t longs < <(grep -oE -- '--[a-z][a-z-]*[a-z]' <<< "$help" | sort -u)
[ "${#longs[@]}" -ge 10 ] || fail "long options found in --help" "only ${#longs[@]}"
for o in "${longs[@]}"; do
	for f in "$opts" "$man8"; do
		if flat "$f" | grep -qE -- "${o}([^a-z-]|$)"; then
			pass "$f documents $o"
		else
			fail "$f documents $o" "not found"
		fi
	done
done

# --- every command line key of --help in options.md and dracut.aoe(7) ------
mapfile -t keys < <(grep -oE '(rd\.aoe\.[a-z.]*[a-z]|BOOTIF|root)=' <<< "$help" | sort -u)
[ "${#keys[@]}" -ge 5 ] || fail "command line keys found in --help" "only ${#keys[@]}"
for k in "${keys[@]}"; do
	for f in "$opts" "$man7"; do
		if has "$f" "$k"; then pass "$f documents $k"; else fail "$f documents $k" "not found"; fi
	done
done

# --- every key the hooks read with getarg/getargbool in options.md ----------
mapfile -t hookkeys < <(grep -ohE 'getarg(bool)? +([0-9]+ +)?(rd\.aoe[a-z.]*|rd\.[a-z]+)' modules.d/50aoe/*.sh |
	awk '{print $NF}' | sort -u)
for k in "${hookkeys[@]}"; do
	if flat "$opts" | grep -qE -- "${k//./\\.}([^a-z.]|$)"; then
		pass "$opts documents hook key $k"
	else
		fail "$opts documents hook key $k" "not found"
	fi
done

# --- every message: its fixed words in the docs -----------------------------
# A perl filter printing, per message, the fixed parts of its format string
# (string literals of the output calls, adjacent literals joined, split at
# printf conversions), tab-separated.
msgs_pl='
local $/;
my $args = qr{(?<P>\((?:[^()"\x27]++|"(?:[^"\\]|\\.)*+"|\x27(?:[^\x27\\]|\\.)*+\x27|(?&P))*\))};
for my $f (@ARGV) {
	open my $fh, "<", $f or die "$f: $!";
	my $src = <$fh>;
	$src =~ s{/\*.*?\*/}{}gs;
	my @calls;
	push @calls, $+{P} while $src =~ /\b(?:log_msg|fmt|fmt_add|log_put|opt_fail|held_problem)\s*$args/g;
	push @calls, $1 while $src =~ /^\s*\[K_\w+\]\s*=\s*(.*?),\s*$/gms;
	push @calls, $1 while $src =~ /^\s*case TGT_\w+:\s*return\s*(".*?");/gm;
	for my $c (@calls) {
		my @frags;
		while ($c =~ /((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
			my $s = join "", ($1 =~ /"((?:[^"\\]|\\.)*)"/g);
			$s =~ s/\\n/ /g;
			$s =~ s/^aoe-up: //;
			next if $s =~ m{^(/sys/|/dev/|etherd!)};
			for my $p (split /%[-0-9.]*(?:ll|l)?[sduc]|\s*TGT_FORMS\s*/, $s) {
				$p =~ s/^[\s;:,.()]+|[\s;:,()]+$//g;
				push @frags, $p if length($p) >= 4 && $p =~ /[a-z]{3}/i;
			}
		}
		print join("\t", @frags), "\n" if @frags;
	}
}'

# check_msgs DOC SOURCE...: one case per message of SOURCE.
check_msgs() {
	local doc=$1 text line miss f
	shift
	text=$(flat "$doc")
	while IFS= read -r line; do
		miss=()
		IFS=$'\t' read -r -a parts <<< "$line"
		for f in "${parts[@]}"; do
			grep -qF -- "$f" <<< "$text" || miss+=("'$f'")
		done
		if [ "${#miss[@]}" -eq 0 ]; then
			pass "$doc has message [${line//$'\t'/ … }]"
		else
			fail "$doc has message [${line//$'\t'/ … }]" "missing ${miss[*]}"
		fi
	done < <(perl -e "$msgs_pl" "$@" | sort -u)
}

if command -v perl > /dev/null; then
	n=$(perl -e "$msgs_pl" src/report.c src/main.c | wc -l)
	if [ "$n" -ge 15 ]; then
		pass "messages extracted from report.c and main.c ($n)"
	else
		fail "messages extracted from report.c and main.c" "only $n: the extraction no longer matches the code"
	fi
	check_msgs "$trouble" src/report.c src/main.c src/nicheld.c
	check_msgs "$opts" src/opts.c src/target.c
else
	skip "messages in the docs" "perl not installed"
fi

# fixed_parts PERL_RE FILE...: for each message the first group of PERL_RE
# captures in the FILEs, its fixed parts (the text between shell expansions
# and ": ", 8 characters or more), tab-separated, one message a line.
fixed_parts() {
	local re=$1
	shift
	RE=$re perl -ne 'while (/$ENV{RE}/g) {
	my @f = grep { length($_) >= 8 && /[a-z]{3}/ } map { s/^[\s;:,.()\x27]+|[\s;:,()\x27]+$//gr }
		split /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_0-9*@]+|: /, $1;
	print join("\t", @f), "\n" if @f }' "$@" | sort -u
}

# documented LABEL LINE...: each LINE's fixed parts are all in troubleshooting.md or options.md.
hookdocs=$(flat "$trouble"; flat "$opts")
documented() {
	local label=$1 line f miss parts
	shift
	for line; do
		miss=()
		IFS=$'\t' read -r -a parts <<< "$line"
		for f in "${parts[@]}"; do grep -qF -- "$f" <<< "$hookdocs" || miss+=("'$f'"); done
		if [ "${#miss[@]}" -eq 0 ]; then
			pass "$label documented [${line//$'\t'/ … }]"
		else
			fail "$label documented [${line//$'\t'/ … }]" "missing ${miss[*]}"
		fi
	done
}

# --- every FATAL line of the hooks (aoe_die) in troubleshooting.md or options.md --
mapfile -t hookmsgs < <(fixed_parts 'aoe_die "((?:[^"\\]|\\.)*)"' \
	modules.d/50aoe/*.sh initramfs-tools/*.sh initramfs-tools/scripts/*/aoe-boot)
[ "${#hookmsgs[@]}" -ge 15 ] || fail "hook messages extracted" "only ${#hookmsgs[@]}: the extraction no longer matches the hooks"
documented "hook message" "${hookmsgs[@]}"

# --- every E: and W: line of the initramfs-tools hook in troubleshooting.md ----
mapfile -t itrmsgs < <(fixed_parts 'echo "([EW]: aoe-boot: (?:[^"\\]|\\.)*)"' initramfs-tools/hooks/aoe-boot)
[ "${#itrmsgs[@]}" -ge 5 ] || fail "hook build messages extracted" "only ${#itrmsgs[@]}"
documented "initramfs-tools hook message" "${itrmsgs[@]}"

# --- design.md's file table names every file of src/, and only those ---------
design=docs/design.md
mapfile -t named < <(grep '^| `src/' "$design" | cut -d'|' -f2 | grep -oE 'src/[A-Za-z0-9._-]+' | sort -u)
for f in src/Makefile src/*.[ch]; do
	if printf '%s\n' "${named[@]}" | grep -qxF -- "$f"; then
		pass "$design names $f"
	else
		fail "$design names $f" "not in its file table"
	fi
done
for f in "${named[@]}"; do
	[ -e "$f" ] || fail "$design names only files that exist" "$f is not in the tree"
done

# --- the defaults stated in options.md are the helper's ----------------------
# cell FILE ROW-START N: the Nth |-cell of the first table row starting so.
cell() {
	grep -F -- "$2" "$1" | grep '^|' | head -n1 | awk -F'|' -v n="$3" '{print $(n + 1)}'
}
# default_is NAME WANT CELL: CELL holds WANT as a word.
default_is() {
	if [ -z "$2" ]; then
		fail "default of $1" "not found in aoe-up --help"
	elif grep -qE "(^|[^0-9a-z])$2([^0-9a-z]|$)" <<< "$3"; then
		pass "default of $1 is $2 in $opts"
	else
		fail "default of $1 is $2 in $opts" "table says [$3]"
	fi
}
h1=$(tr '\n' ' ' <<< "$help" | tr -s ' ')
d_to=$(grep -oE -- '--timeout=S [^(]*\(([0-9]+)\)' <<< "$h1" | grep -oE '[0-9]+\)$' | tr -d ')')
d_ct=$(grep -oE -- '--carrier-timeout=S [^(]*\(([0-9]+)\)' <<< "$h1" | grep -oE '[0-9]+\)$' | tr -d ')')
d_mtu=$(grep -oE -- 'rd\.aoe\.mtu=V [a-z]+ \(default\)' <<< "$h1" | awk '{print $2}')
default_is "rd.aoe.timeout" "$d_to" "$(cell "$opts" '| `rd.aoe.timeout=`' 3)"
default_is "rd.aoe.timeout.carrier" "$d_ct" "$(cell "$opts" '| `rd.aoe.timeout.carrier=`' 3)"
default_is "rd.aoe.mtu" "$d_mtu" "$(cell "$opts" '| `rd.aoe.mtu=`' 3)"
default_is "--timeout" "$d_to" "$(cell "$opts" '| `-t`, `--timeout=' 3)"
default_is "--carrier-timeout" "$d_ct" "$(cell "$opts" '| `-c`, `--carrier-timeout=' 3)"
default_is "--mtu" "$d_mtu" "$(cell "$opts" '| `-m`, `--mtu=' 3)"
# The hook's timeout cap assumes the helper's default when none is given.
lib_to=$(sed -n 's/^ *_aoe_to=\([0-9][0-9]*\) .*/\1/p' modules.d/50aoe/aoe-lib.sh)
if [ "$lib_to" = "$d_to" ]; then
	pass "aoe-lib.sh assumes the helper's default timeout ($d_to)"
else
	fail "aoe-lib.sh assumes the helper's default timeout" "aoe-lib.sh says '$lib_to', --help '$d_to'"
fi

# --- the man pages render without warnings ------------------------------------
if command -v groff > /dev/null; then
	for f in "$man8" "$man7"; do
		if out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$f" 2>&1) && [ -z "$out" ]; then
			pass "$f renders without warnings"
		else
			fail "$f renders without warnings" "$(head -n3 <<< "$out" | tr '\n' ' ')"
		fi
	done
else
	skip "man pages render" "groff not installed (apt-get install groff-base)"
fi
# The section in the file name and in .TH agree.
for f in "$man8" "$man7"; do
	sec=${f##*.}
	if grep -qE "^\.TH +[^ ]+ +$sec( |$)" "$f"; then
		pass "$f: .TH section $sec"
	else
		fail "$f: .TH section $sec" "$(grep -m1 '^\.TH' "$f")"
	fi
done

# --- every make help target is mentioned --------------------------------------
if command -v make > /dev/null; then
	mapfile -t targets < <(make -s help 2> /dev/null |
		sed -n 's/^make \([a-z][a-z0-9-]*\)\(\( | [a-z][a-z0-9-]*\)*\).*/\1\2/p' |
		tr '|' '\n' | tr -d ' ' | grep .)
	[ "${#targets[@]}" -ge 3 ] || fail "make help lists targets" "only ${#targets[@]}"
	alldocs=$(cat README.md docs/*.md | tr -s ' \t\n' '   ')
	for t in "${targets[@]}"; do
		if grep -qE "make $t([^a-z-]|$)" <<< "$alldocs"; then
			pass "make $t is mentioned in README.md or docs/"
		else
			fail "make $t is mentioned in README.md or docs/" "not found"
		fi
	done
else
	skip "make targets mentioned" "make not installed"
fi
exit 0
