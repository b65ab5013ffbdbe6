#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into tests/fuzz/corpus/<target>/
(small files, one input each). Run it again after changing a seed here;
regression inputs from crashes are kept as crash-* files beside these."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
US = bytes([0x52, 0x54, 0, 0xAE, 0, 0x01])   # the NIC in fz_probe.c
TGT = bytes([0x02, 0, 0, 0, 0, 0x01])


def aoe(flags, cmd, body, shelf=0, slot=1, tag=0x80ABCD01, dst=US, src=TGT):
    return (dst + src + b"\x88\xa2" + bytes([flags, 0]) +
            struct.pack(">HBBI", shelf, slot, cmd, tag) + body).ljust(60, b"\0")


def nlmsg(typ, index, flags, attrs):
    body = struct.pack("=BxHiII", 0, 1, index, flags, 0xFFFFFFFF)
    for t, v in attrs:
        a = struct.pack("=HH", 4 + len(v), t) + v
        body += a + b"\0" * (-len(a) % 4)
    return struct.pack("=IHHII", 16 + len(body), typ, 0, 0, 0) + body


def abft(shelf=0, slot=1, mac=bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56])):
    t = bytearray(b"aBFT" + struct.pack("<I", 46) + bytes(28) +
                  struct.pack("<H", shelf) + bytes([slot, 0]) + mac)
    t[9] = (-sum(t)) & 0xFF                 # checksum byte: all add to 0
    return bytes(t)


def tagged(tags, src=TGT, pins=(TGT,), src_is_pin=0):
    """fz_pin input: the pins, then an AoE config answer behind tags (TPIDs, VID 7)."""
    frame = aoe(0x18, 1, struct.pack(">HHBBH", 16, 0x4019, 17, 0x11, 0), src=src)
    tag = b"".join(struct.pack(">HH", t, 7) for t in tags)
    return bytes([len(pins), src_is_pin]) + b"".join(pins) + frame[:12] + tag + frame[12:]


IMP = bytes([0x02, 0, 0, 0, 0, 0x66])

SEEDS = {
    "fz_abft": {
        "table": abft(),
        "in-memory": bytes(32) + abft(3, 7) + bytes(16),
        "bad-checksum": abft()[:9] + b"\1" + abft()[10:],
        "short": b"aBFT\x2e\0\0\0",
    },
    "fz_probe": {
        "config-answer": aoe(0x18, 1, struct.pack(">HHBBH", 16, 0x4019, 17, 0x11, 0)),
        "config-error": aoe(0x1C, 1, struct.pack(">HHBBH", 16, 0x4019, 17, 0x11, 0)),
        "config-bcast-src": aoe(0x18, 1, b"\0\x10\x40\x19\x02", src=b"\xff" * 6),
        "identify-answer": aoe(0x18, 0, bytes(12) + bytes(512)),
        "runt": aoe(0x18, 1, b"")[:23],
    },
    "fz_rtnl": {
        "newlink-carrier": nlmsg(16, 1, 0x10041, [(3, b"a\0"), (4, struct.pack("=I", 9000)), (33, b"\1")]),
        "newlink-rename": nlmsg(16, 2, 0x1003, [(3, b"renamed0\0")]),
        "dellink": nlmsg(17, 3, 0, []),
        "two-messages": nlmsg(16, 1, 0x1, [(33, b"\0")]) + nlmsg(17, 4, 0, []),
        "long-name": nlmsg(16, 1, 0x1, [(3, b"x" * 40)]),
    },
    "fz_uevent": {
        "aoe-disk": b"add@/devices/virtual/block/etherd!e0.1\0ACTION=add\0"
                    b"DEVPATH=/devices/virtual/block/etherd!e0.1\0DEVNAME=etherd/e0.1\0",
        "net": b"add@/devices/virtual/net/veth0\0ACTION=add\0INTERFACE=veth0\0",
        "no-nul": b"DEVNAME=etherd/e0",
    },
    "fz_pin": {
        "untagged-impostor": tagged([], src=IMP),
        "untagged-pinned": tagged([], src_is_pin=1),
        "vlan-impostor": tagged([0x8100], src=IMP),
        "qinq-impostor": tagged([0x88A8, 0x8100], src=IMP),
        "four-tags-pinned": tagged([0x8100] * 4, pins=(IMP, TGT), src=TGT),
        "too-deep": tagged([0x8100] * 9, src=IMP),
        "ipv4": bytes([1, 0]) + TGT + IMP * 2 + b"\x08\x00" + bytes(46),
    },
    "fz_opts": {
        "check": b"-n\0rd.aoe.mtu=9000\0e0.1",
        "root": b"--if=eth0,52:54:00:12:34:56\0root=/dev/etherd/e0.1p1",
        "cmdline": b"rd.aoe.target=e1.2p3\0rd.aoe.if=ens3\0BOOTIF=01-52-54-00-12-34-56\0"
                   b"rd.aoe.timeout=30\0rd.aoe.timeout.carrier=2\0rd.aoe.probe=0",
        "bootif-short": b"BOOTIF=0\0e0.1",
        "hostile": b"rd.aoe.mtu=$(touch${IFS}x)\0rd.aoe.if=`x`\0e0.1",
        "short-opts": b"-vqnl\0-m\0auto\0-t5\0-c\0000\0-i\0a,b",
        "missing-value": b"--mtu",
        "long-eq": b"--status-file=/run/x\0--prefix=/p\0--no-probe\0--\0-e0.1",
        "kernel-cmdline": b"-n\0--cmdline=BOOT_IMAGE=/vmlinuz root=aoe:e0.1p1 \"rd.aoe.mac=52:54:00:aa:00:01\""
                          b" rd.aoe.overlay=\"e0.2\" rd.aoe.overlay.format=1 quiet\tBOOTIF=01-52-54-00-12-34-56\xa0x",
        "cmdline-quotes": b"--overlay\0--cmdline=\"a=\"\" \"=x \"rd.aoe.if=a b\" rd.aoe.mtu=\"\" \"rd.aoe.mtu"
                          b" netroot=aoe:e1.1p1 root= \"unclosed rd.aoe.target=e0.1",
    },
}

for target, seeds in SEEDS.items():
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
