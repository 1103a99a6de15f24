#!/usr/bin/env python3
"""A minimal DHCP client for the namespace tests: broadcasts one DHCPDISCOVER with the broadcast flag from
0.0.0.0:68 on one interface and prints the first reply with the same xid as one key=value line, including the
interface and the destination address the reply arrived with (IP_PKTINFO). Exits 1 when no reply comes."""
import argparse
import socket
import struct
import sys

SO_BINDTODEVICE = 25
IP_PKTINFO = 8
MAGIC_COOKIE = b"\x63\x82\x53\x63"


def discover(xid, mac):
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                         bytes(4), bytes(4), bytes(4), bytes(4), mac.ljust(16, b"\0"), bytes(64), bytes(128))
    options = bytes([53, 1, 1, 55, 2, 1, 3, 255])
    return header + MAGIC_COOKIE + options


def message_type(options):
    i = 0
    while i < len(options) and options[i] != 255:
        if options[i] == 0:
            i += 1
            continue
        if options[i] == 53:
            return options[i + 2]
        i += 2 + options[i + 1]
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interface", required=True)
    parser.add_argument("--xid", type=lambda text: int(text, 16), required=True)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()

    with open("/sys/class/net/%s/address" % args.interface) as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, args.interface.encode() + b"\0")
    sock.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    sock.bind(("0.0.0.0", 68))
    sock.settimeout(args.timeout)
    sock.sendto(discover(args.xid, mac), ("255.255.255.255", 67))
    try:
        while True:
            data, ancillary, _, source = sock.recvmsg(2048, socket.CMSG_SPACE(12))
            if len(data) < 240 or struct.unpack("!I", data[4:8])[0] != args.xid:
                continue
            ifindex, destination = 0, "?"
            for level, kind, value in ancillary:
                if level == socket.IPPROTO_IP and kind == IP_PKTINFO:
                    ifindex = struct.unpack("I", value[:4])[0]
                    destination = socket.inet_ntoa(value[8:12])
            print("reply xid=%08x op=%d type=%d yiaddr=%s source=%s destination=%s interface=%s" % (
                args.xid, data[0], message_type(data[240:]), socket.inet_ntoa(data[16:20]), source[0],
                destination, socket.if_indextoname(ifindex) if ifindex else "?"))
            return 0
    except socket.timeout:
        print("timeout xid=%08x" % args.xid)
        return 1


if __name__ == "__main__":
    sys.exit(main())
