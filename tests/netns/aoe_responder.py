#!/usr/bin/env python3
"""A fake AoE target for the path probe tests: answers config queries and
ATA commands on one interface, the way MODE says (see MODES). Not a test.

usage: aoe_responder.py IFNAME MODE [TAGS]
TAGS: its answers go out behind these VLAN tags, outermost first, as
TPID:VID hex/decimal pairs separated by commas (8100:0,88a8:7).
Prints "ready MAC" once it hears queries."""
import socket
import struct
import sys
import time

MODES = {
    # mode: (config delay s, sectors, flags, source broadcast, max ATA frame)
    # ("late" is "good" answering its first big frame 1.5 s late, as a
    # target or client busy for a moment would)
    "good": (0.02, 17, 0x18, False, 1 << 20),  # a real target, a bit slow
    "small": (0, 17, 0x18, False, 1060),   # rogue: says 17, answers small only
    "err": (0, 17, 0x1C, False, 1060),     # rogue: config answer with error flag
    "bcast": (0, 17, 0x18, True, 1060),    # rogue: from the broadcast MAC
    "scnt2": (0, 2, 0x18, False, 1 << 20),  # a target taking 2 sectors a frame
    "late": (0.02, 17, 0x18, False, 1 << 20),
}
LATE_S = 1.5


def main():
    ifname, mode = sys.argv[1], sys.argv[2]
    delay, scnt, flags, bsrc, maxata = MODES[mode]
    tags = b""
    for t in filter(None, (sys.argv[3] if len(sys.argv) > 3 else "").split(",")):
        tpid, vid = t.split(":")
        tags += struct.pack(">HH", int(tpid, 16), int(vid))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88A2))
    s.bind((ifname, 0x88A2))
    mac = s.getsockname()[4]
    print("ready", mac.hex(":"), flush=True)   # bound: queries are heard now
    src = b"\xff" * 6 if bsrc else mac
    late = mode == "late"
    while True:
        f, addr = s.recvfrom(65536)
        if addr[2] == socket.PACKET_OUTGOING or len(f) < 24 or f[14] & 0x08:
            continue
        cmd = f[19]
        hdr = f[6:12] + src + tags + f[12:14] + bytes([flags, 0]) + f[16:24]
        if cmd == 1:
            time.sleep(delay)
            body = struct.pack(">HHBBH", 16, 0x4019, scnt, 0x11, 0)
        elif cmd == 0 and len(f) <= maxata:
            if late and len(f) > 1060:
                time.sleep(LATE_S)
                late = False
            body = f[24:36] + bytes(512)
        else:
            continue
        s.send((hdr + body).ljust(60, b"\0"))


main()
