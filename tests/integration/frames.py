# SPDX-License-Identifier: BSD-3-Clause
"""Ethernet frames and pcap files for the integration tests."""
import ipaddress
import struct

SRC_MAC = bytes.fromhex("020000000010")


def _csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def _udp(src_ip, dst_ip, sport, dport, payload, pseudo_proto_len, bad):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = _csum(src_ip + dst_ip + pseudo_proto_len + udp) or 0xFFFF
    if bad:
        c ^= 0x5A5A
    return udp[:6] + struct.pack("!H", c) + udp[8:]


def udp4(dst_mac, src, dst, sport, dport, payload, bad_udp_cksum=False, more_fragments=False):
    s, d = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    udp = _udp(s, d, sport, dport, payload, struct.pack("!BBH", 0, 17, 8 + len(payload)),
               bad_udp_cksum)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 7,
                     0x2000 if more_fragments else 0, 64, 17, 0, s, d)
    ip = ip[:10] + struct.pack("!H", _csum(ip)) + ip[12:]
    return dst_mac + SRC_MAC + b"\x08\x00" + ip + udp


def udp6(dst_mac, src, dst, sport, dport, payload):
    s, d = ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed
    udp = _udp(s, d, sport, dport, payload, struct.pack("!IxxxB", 8 + len(payload), 17), False)
    ip = struct.pack("!IHBB16s16s", 0x60000000, len(udp), 17, 64, s, d)
    return dst_mac + SRC_MAC + b"\x86\xdd" + ip + udp


def arp_request(gw_mac, sender_ip, target_ip):
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, SRC_MAC,
                       ipaddress.IPv4Address(sender_ip).packed, b"\0" * 6,
                       ipaddress.IPv4Address(target_ip).packed)
    return b"\xff" * 6 + SRC_MAC + b"\x08\x06" + body


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)) + fr)


def read_pcap(path):
    frames = []
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    i = 24
    while i + 16 <= len(data):
        incl = struct.unpack(endian + "IIII", data[i:i + 16])[2]
        frames.append(data[i + 16:i + 16 + incl])
        i += 16 + incl
    return frames


def _l3(f):
    off, et = 14, f[12:14]
    if et == b"\x81\x00":
        off, et = 18, f[16:18]
    return off, et


def udp_payload(f):
    off, et = _l3(f)
    l4 = off + 40 if et == b"\x86\xdd" else off + (f[off] & 0xF) * 4
    return f[l4 + 8:]


def ip_dst(f):
    off, et = _l3(f)
    if et == b"\x86\xdd":
        return str(ipaddress.IPv6Address(f[off + 24:off + 40]))
    return str(ipaddress.IPv4Address(f[off + 16:off + 20]))


def top_avp_codes(msg):
    """The codes of a Diameter message's top-level AVPs, in order."""
    codes, i, end = [], 20, int.from_bytes(msg[1:4], "big")
    while i + 8 <= end:
        code = struct.unpack("!I", msg[i:i + 4])[0]
        n = int.from_bytes(msg[i + 5:i + 8], "big")
        codes.append(code)
        i += n + (-n % 4)
    return codes
