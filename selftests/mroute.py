#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mroute.py IIF OIF SOURCE GROUP: forward IPv4 multicast (SOURCE, GROUP)
arriving on interface IIF out of interface OIF, with a static multicast
forwarding cache entry, until killed (closing the socket removes it). For the routefence selftests: multicast forwarding (ipmr) goes through
the forward hook too, and must not be judged against the unicast routes."""
import signal
import socket
import struct
import sys

MRT_INIT, MRT_ADD_VIF, MRT_ADD_MFC = 200, 202, 204
VIFF_USE_IFINDEX = 0x8
MAXVIFS = 32


def vifctl(vifi, ifindex):
    # struct vifctl: vifi, flags, threshold, rate_limit, lcl_ifindex, rmt_addr
    return struct.pack('=HBBIiI', vifi, VIFF_USE_IFINDEX, 1, 0, ifindex, 0)


def mfcctl(origin, group, parent, out):
    ttls = bytearray(MAXVIFS)
    ttls[out] = 1
    return struct.pack('=4s4sH32s2xIIIi', socket.inet_aton(origin),
                       socket.inet_aton(group), parent, bytes(ttls), 0, 0, 0, 0)


def main():
    iif, oif, origin, group = sys.argv[1:5]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
    s.setsockopt(socket.IPPROTO_IP, MRT_INIT, 1)
    s.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vifctl(0, socket.if_nametoindex(iif)))
    s.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vifctl(1, socket.if_nametoindex(oif)))
    s.setsockopt(socket.IPPROTO_IP, MRT_ADD_MFC, mfcctl(origin, group, 0, 1))
    signal.pause()


if __name__ == '__main__':
    main()
