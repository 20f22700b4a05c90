#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""frr_vty.py SOCKET COMMAND...: run COMMANDs on an FRR daemon's vty socket.

What vtysh does, without loading every daemon's command tree first (which
takes seconds in an emulated guest): each command is sent NUL-terminated;
the daemon answers with its output, three NULs and a status byte. Starts
in enable mode; prints the output; exits 1 when a command fails.
"""
import socket
import sys


def run(sock, cmd):
    sock.sendall(cmd.encode() + b"\0")
    buf = b""
    while len(buf) < 4 or buf[-4:-1] != b"\0\0\0":
        data = sock.recv(65536)
        if not data:
            raise OSError("connection closed by the daemon")
        buf += data
    return buf[-1], buf[:-4].decode(errors="replace")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(sys.argv[1])
    for cmd in ["enable"] + sys.argv[2:]:
        status, out = run(sock, cmd)
        sys.stdout.write(out)
        if status:
            sys.exit(f"frr_vty: \"{cmd}\" failed with status {status}")


if __name__ == "__main__":
    main()
