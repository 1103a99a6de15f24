#!/usr/bin/env python3
"""Crafted DHCPv4 exchanges for the end-to-end tests, where a stock client cannot do what a test needs.

  dhcp_probe.py decline IFACE MAC
      As a client on IFACE with hardware address MAC: DISCOVER, REQUEST the offer, DECLINE the acknowledged
      address, then DISCOVER and REQUEST again. Prints "ACK <address>", "DECLINED <address>", "ACK <address>".
  dhcp_probe.py relay IFACE GIADDR SERVER MAC CIRCUIT REMOTE
      As a relay agent with address GIADDR on IFACE: sends a DISCOVER with giaddr and option 82 (circuit-id,
      remote-id) to SERVER port 67 and prints the OFFER: "OFFER yiaddr=<a> option82=<hex> from=<ip>:<port>".
  dhcp_probe.py choose IFACE MAC SECS REQUESTED PREFERRED
      As a client on IFACE with hardware address MAC and the given secs: DISCOVER (asking for REQUESTED unless
      it is "-"), collect every OFFER for 2 s and print "OFFER <address> <server>" for each, then REQUEST the offer
      of server PREFERRED (or the first one, for "first") and print "ACK <address> <server>"; "NO-OFFER" if none.
  dhcp_probe.py release IFACE MAC ADDRESS SERVER DESTINATION
      As the client MAC bound to ADDRESS: a DHCPRELEASE with ciaddr ADDRESS and server identifier SERVER, sent to
      DESTINATION ("broadcast", or an address: unicast, for which IFACE must hold ADDRESS). Prints
      "RELEASED <address>"; nothing answers a release.
  dhcp_probe.py survey IFACE SECS MAC...
      As one client per MAC on IFACE, 5 ms apart: a DISCOVER each with the given secs, every OFFER collected until
      3 s after the last. Prints "OFFERS <mac> <server>[,<server>...]" per client, servers in the order their offers came,
      or "OFFERS <mac> -" for a client no server answered. Requests nothing.
  dhcp_probe.py storm IFACE FIRST_MAC COUNT [TRIES WAIT]
      As COUNT clients on IFACE, one after the other as fast as the servers answer, with hardware addresses
      FIRST_MAC, FIRST_MAC + 1, ...: DISCOVER and REQUEST the first offer, each sent up to TRIES times (3) waiting
      WAIT seconds (3) for the reply. Prints "ACK <address> <mac> <server>" for each acknowledged lease and
      "MISS <mac> <why>" for a client left without one, and goes on either way.
  dhcp_probe.py storm IFACE FIRST_MAC COUNT TRIES WAIT release
      As storm, each client then giving its address back with a broadcast DHCPRELEASE, and 10 ms between clients:
      every client is a new one the servers must place, the pool never runs out, and the load (at most about 100
      clients a second) leaves the servers' consoles room to answer.

Exits 1 with a message on stderr when the server does not answer as DHCP says it must.
"""
import os
import random
import socket
import struct
import sys
import time

MAGIC = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE = 1, 2, 3, 4, 5, 6, 7
TRIES, WAIT_SECONDS = 3, 3


class NoLease(Exception):
    """A client got no lease: no answer, or a NAK."""


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def packet(xid, mac, message_type, options, giaddr="0.0.0.0", broadcast=True, secs=0, ciaddr="0.0.0.0"):
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 1 if giaddr != "0.0.0.0" else 0, xid, secs,
                         0x8000 if broadcast else 0, socket.inet_aton(ciaddr), bytes(4), bytes(4),
                         socket.inet_aton(giaddr),
                         bytes.fromhex(mac.replace(":", "")).ljust(16, b"\0"), bytes(64), bytes(128))
    body = bytes([53, 1, message_type])
    for code, value in options:
        body += bytes([code, len(value)]) + value
    return header + MAGIC + body + b"\xff"


def parse(data):
    if len(data) < 240 or data[236:240] != MAGIC:
        return None
    xid = struct.unpack("!I", data[4:8])[0]
    options, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        code, length = data[i], data[i + 1]
        options[code] = options.get(code, b"") + data[i + 2:i + 2 + length]
        i += 2 + length
    return {"xid": xid, "yiaddr": socket.inet_ntoa(data[16:20]), "options": options,
            "type": options.get(53, b"\0")[0]}


def exchange(sock, destination, request, xid, wanted, tries=TRIES, wait=WAIT_SECONDS):
    """Sends request until a reply of a wanted type with our xid arrives; returns the reply and its source."""
    for _ in range(tries):
        sock.sendto(request, destination)
        sock.settimeout(wait)
        try:
            while True:
                data, source = sock.recvfrom(4096)
                reply = parse(data)
                if reply and reply["xid"] == xid and reply["type"] in wanted:
                    return reply, source
        except socket.timeout:
            continue
    raise NoLease("no reply of type %s to xid %08x after %d tries" % (wanted, xid, tries))


def client_socket(iface, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.bind(("0.0.0.0", port))
    return sock


def lease(sock, mac, tries=TRIES, wait=WAIT_SECONDS):
    xid = random.getrandbits(32)
    offer, _ = exchange(sock, ("255.255.255.255", 67), packet(xid, mac, DISCOVER, []), xid, {OFFER}, tries, wait)
    server_id = offer["options"][54]
    request = packet(xid, mac, REQUEST, [(50, socket.inet_aton(offer["yiaddr"])), (54, server_id)])
    ack, _ = exchange(sock, ("255.255.255.255", 67), request, xid, {ACK, NAK}, tries, wait)
    if ack["type"] != ACK:
        raise NoLease("NAK for %s" % offer["yiaddr"])
    return ack["yiaddr"], server_id


def decline(iface, mac):
    sock = client_socket(iface, 68)
    address, server_id = lease(sock, mac)
    print("ACK %s" % address, flush=True)
    xid = random.getrandbits(32)
    sock.sendto(packet(xid, mac, DECLINE, [(50, socket.inet_aton(address)), (54, server_id)]),
                ("255.255.255.255", 67))
    print("DECLINED %s" % address, flush=True)
    print("ACK %s" % lease(sock, mac)[0], flush=True)


def offers(sock, request, xid, seconds):
    """Every OFFER for xid within seconds of sending request, one per server, in the order they came."""
    sock.sendto(request, ("255.255.255.255", 67))
    found, deadline = [], time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return found
        sock.settimeout(left)
        try:
            data, _ = sock.recvfrom(4096)
        except socket.timeout:
            return found
        reply = parse(data)
        if reply and reply["xid"] == xid and reply["type"] == OFFER:
            server = socket.inet_ntoa(reply["options"][54])
            if server not in [offer[1] for offer in found]:
                found.append((reply["yiaddr"], server))


def choose(iface, mac, secs, requested, preferred):
    sock = client_socket(iface, 68)
    xid = random.getrandbits(32)
    asked = [] if requested == "-" else [(50, socket.inet_aton(requested))]
    found = offers(sock, packet(xid, mac, DISCOVER, asked, secs=secs), xid, 2)
    for address, server in found:
        print("OFFER %s %s" % (address, server), flush=True)
    chosen = [offer for offer in found if preferred in ("first", offer[1])]
    if not chosen:
        print("NO-OFFER", flush=True)
        return
    address, server = chosen[0]
    request = packet(xid, mac, REQUEST, [(50, socket.inet_aton(address)), (54, socket.inet_aton(server))], secs=secs)
    ack, _ = exchange(sock, ("255.255.255.255", 67), request, xid, {ACK, NAK})
    print("%s %s %s" % ("ACK" if ack["type"] == ACK else "NAK", address, server), flush=True)


def survey(iface, secs, macs):
    sock = client_socket(iface, 68)
    xids, answered = {}, {mac: [] for mac in macs}

    def collect(until):
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return
            sock.settimeout(left)
            try:
                data, _ = sock.recvfrom(4096)
            except socket.timeout:
                return
            reply = parse(data)
            if reply and reply["xid"] in xids and reply["type"] == OFFER:
                server = socket.inet_ntoa(reply["options"][54])
                servers = answered[xids[reply["xid"]]]
                if server not in servers:
                    servers.append(server)

    # 5 ms apart, reading offers meanwhile: a burst of broadcasts overflows a server's packet socket (ISC dhcpd's
    # reads through one) and the offers this socket's buffer.
    for mac in macs:
        xid = random.getrandbits(32)
        xids[xid] = mac
        sock.sendto(packet(xid, mac, DISCOVER, [], secs=secs), ("255.255.255.255", 67))
        collect(time.monotonic() + 0.005)
    collect(time.monotonic() + 3)
    for mac in macs:
        print("OFFERS %s %s" % (mac, ",".join(answered[mac]) or "-"), flush=True)


def storm(iface, first_mac, count, tries=TRIES, wait=WAIT_SECONDS, give_back=False):
    sock = client_socket(iface, 68)
    first = int(first_mac.replace(":", ""), 16)
    for n in range(count):
        mac = ":".join("%02x" % b for b in (first + n).to_bytes(6, "big"))
        try:
            address, server_id = lease(sock, mac, tries, wait)
            print("ACK %s %s %s" % (address, mac, socket.inet_ntoa(server_id)), flush=True)
        except NoLease as e:
            print("MISS %s %s" % (mac, e), flush=True)
            continue
        if give_back:
            message = packet(random.getrandbits(32), mac, RELEASE, [(54, server_id)], broadcast=False,
                             ciaddr=address)
            sock.sendto(message, ("255.255.255.255", 67))
            time.sleep(0.01)


def release(iface, mac, address, server, destination):
    sock = client_socket(iface, 68)
    message = packet(random.getrandbits(32), mac, RELEASE, [(54, socket.inet_aton(server))], broadcast=False,
                     ciaddr=address)
    sock.sendto(message, ("255.255.255.255" if destination == "broadcast" else destination, 67))
    print("RELEASED %s" % address, flush=True)


def relay(iface, giaddr, server, mac, circuit, remote):
    sock = client_socket(iface, 67)
    agent = bytes([1, len(circuit)]) + circuit.encode() + bytes([2, len(remote)]) + remote.encode()
    xid = random.getrandbits(32)
    offer, source = exchange(sock, (server, 67), packet(xid, mac, DISCOVER, [(82, agent)], giaddr=giaddr), xid,
                             {OFFER})
    echoed = offer["options"].get(82, b"")
    print("OFFER yiaddr=%s option82=%s sent=%s from=%s:%d" % (offer["yiaddr"], echoed.hex(), agent.hex(),
                                                              source[0], source[1]), flush=True)


if __name__ == "__main__":
    try:
        if len(sys.argv) == 4 and sys.argv[1] == "decline":
            decline(sys.argv[2], sys.argv[3])
        elif len(sys.argv) == 8 and sys.argv[1] == "relay":
            relay(*sys.argv[2:])
        elif len(sys.argv) == 7 and sys.argv[1] == "choose":
            choose(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6])
        elif len(sys.argv) == 7 and sys.argv[1] == "release":
            release(*sys.argv[2:])
        elif len(sys.argv) >= 5 and sys.argv[1] == "survey":
            survey(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
        elif len(sys.argv) == 5 and sys.argv[1] == "storm":
            storm(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        elif len(sys.argv) == 7 and sys.argv[1] == "storm":
            storm(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
        elif len(sys.argv) == 8 and sys.argv[1] == "storm" and sys.argv[7] == "release":
            storm(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), True)
        else:
            fail(__doc__)
    except NoLease as e:
        fail(str(e))
