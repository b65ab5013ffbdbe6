#!/bin/bash
# lab/aoe-lab-listen reads frames from the wire (outside input): its parser,
# line(), on known frames and on 200000 random and mutated ones (seeded):
# it never fails, and every line it gives has the grammar aoe-lab status
# reads. No root (no socket is opened).
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
command -v python3 > /dev/null || { skip "aoe-lab-listen: its frame parser" "python3 not installed"; exit 0; }
out=$(python3 - lab/aoe-lab-listen << 'PYEOF' 2>&1
import importlib.machinery, importlib.util, random, re, struct, sys
loader = importlib.machinery.SourceFileLoader("listen", sys.argv[1])
spec = importlib.util.spec_from_loader("listen", loader)
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)
own = "52:54:00:aa:bb:01"
ownb = bytes.fromhex(own.replace(":", ""))
peer = bytes.fromhex("020000000099")
def frame(dst, src, flags, shelf, slot, cmd, err=0, ver=1):
    return dst + src + struct.pack(">HBBHBBI", 0x88A2, (ver << 4) | flags, err, shelf, slot, cmd, 7) + bytes(8)
cases = [
    ("answer", frame(ownb, peer, 0x8, 1, 1, 1), "answer 02:00:00:00:00:99 1 1"),
    ("answer with the error flag", frame(ownb, peer, 0xC, 1, 1, 1), None),
    ("ATA command", frame(ownb, peer, 0, 3, 7, 0), "uses 02:00:00:00:00:99 3 7 52:54:00:aa:bb:01"),
    ("query", frame(b"\xff" * 6, peer, 0, 0xFFFF, 0xFF, 1), "query 02:00:00:00:00:99 65535 255"),
    ("our own query", frame(b"\xff" * 6, ownb, 0, 0xFFFF, 0xFF, 1), None),
    ("AoE version 2", frame(ownb, peer, 0x8, 1, 1, 1, ver=2), None),
    ("23 bytes", frame(ownb, peer, 0x8, 1, 1, 1)[:23], None),
    ("the query it sends", m.query(ownb), None),
]
for name, f, want in cases:
    got = m.line(f, own)
    print(("PASS: aoe-lab-listen: %s" % name) if got == want else ("FAIL: aoe-lab-listen: %s: got %r, want %r" % (name, got, want)))
form = re.compile(r"^(answer [0-9a-f:]{17} \d{1,5} \d{1,3}|query [0-9a-f:]{17} \d{1,5} \d{1,3}|uses [0-9a-f:]{17} \d{1,5} \d{1,3} [0-9a-f:]{17})$")
rnd = random.Random(20261203)
seeds = [c[1] for c in cases]
bad = 0
for i in range(200000):
    if i % 2:
        f = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(0, 64)))
    else:
        f = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randrange(1, 6)):
            f[rnd.randrange(len(f))] = rnd.getrandbits(8)
        f = bytes(f[: rnd.randrange(0, len(f) + 1)])
    try:
        got = m.line(f, own)
    except Exception as e:
        bad += 1
        if bad < 3:
            print("FAIL: aoe-lab-listen: frame %s raised %r" % (f.hex(), e))
        continue
    if got is not None and not form.match(got):
        bad += 1
        if bad < 3:
            print("FAIL: aoe-lab-listen: frame %s gave %r" % (f.hex(), got))
if not bad:
    print("PASS: aoe-lab-listen: 200000 random and mutated frames: no failure, every line in status's grammar")
PYEOF
)
printf '%s\n' "$out"
grep -q '^FAIL' <<< "$out" && exit 1
grep -q '^PASS' <<< "$out" || { fail "aoe-lab-listen: its frame parser" "python3: $(tail -n 3 <<< "$out" | tr '\n' ' ')"; exit 1; }
exit 0
