#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mtc-gw pcap in, pcap out (net_pcap rx_pcap/tx_pcap): a crafted set of
requests covering the outcomes of PROTOCOL.md sections 1-6 that a file can
provoke; every answer checked against what the contract says (Result-Code,
Request-Status, header and AVP order), every DTR checked field by field and
its A3-PDU opened with mtc-a3, strangers and malformed frames never
answered, and tshark decoding the output without a complaint.

usage: test_gw_pcap.py MTC_GW MTC_A3"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diameter as dm  # noqa: E402
import frames  # noqa: E402
from checks import Checks, eal  # noqa: E402

GW_MAC = bytes.fromhex("027063617000")  # net_pcap0
GW4, GW6 = "198.18.0.1", "2001:db8:0:1::1"
KIWF = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
UES = {
    "u1@iot.example": ("001010000000001", "15551000001", 3, 2, 2, ["meters"], False),
    "u2@iot.example": ("001010000000002", "15551000002", 1, 1, 3, ["meters"], True),
    "u3@iot.example": ("001010000000003", "15551000003", 2, 3, 1, ["meters"], False),
    "u4@iot.example": ("001010000000004", "15551000004", 4, 1, 1, ["trackers"], False),
}
SCS = [
    {"scs": "fleet-a", "sources": ["198.18.0.0/24", "2001:db8:0:2::/64"],
     "identities": ["^\\+1555"], "require_identity": True, "groups": ["meters"],
     "deny_payload": ["(?i)shutdown"]},
    {"scs": "fleet-b", "sources": ["198.18.2.0/24"], "groups": ["meters", "trackers"],
     "rate": 1, "burst": 3},
    {"scs": "fleet-q", "sources": ["198.18.3.0/24"], "groups": ["meters"], "quota": 2},
    {"scs": "fleet-c", "sources": ["198.18.4.0/24"], "groups": ["other"]},
]
A, B, Q, C = "198.18.0.10", "198.18.2.10", "198.18.3.10", "198.18.4.10"
A6, STRANGER = "2001:db8:0:2::10", "203.0.113.9"


class Case:
    """One frame and what must come of it."""
    def __init__(self, name, src, msg, result=None, status=None, dtr=False, frame=None):
        self.name, self.src, self.msg = name, src, msg
        self.result, self.status, self.dtr = result, status, dtr
        self.frame = frame


def tbcd(digits):
    d = digits + ("F" if len(digits) % 2 else "")
    return bytes(int(d[i + 1], 16) << 4 | int(d[i], 16) for i in range(0, len(d), 2))


def request(hbh, ue=None, msisdn=None, scs_id="+15550100", payload=b"wake up", ref=None,
            action=1, old_ref=None, validity=None, priority=None, port=None,
            realm="iwf.example", session=True, extra_top=(), extra_da=(), cmd=None,
            app=dm.APP_TSP, flags=0xC0):
    da = []
    if ue:
        da.append(dm.avp(dm.EXTERNAL_ID, ue))
    if msisdn:
        da.append(dm.avp(dm.MSISDN, tbcd(msisdn)))
    if scs_id is not None:
        da.append(dm.avp(dm.SCS_IDENTITY, scs_id))
    da += [dm.avp(dm.REFERENCE, ref if ref is not None else hbh), dm.avp(dm.ACTION_TYPE, action)]
    if old_ref is not None:
        da.append(dm.avp((3011, dm.VENDOR_3GPP), old_ref))
    if action in (1, 4):
        td = [dm.avp(dm.PAYLOAD, payload)]
        if priority is not None:
            td.append(dm.avp(dm.PRIORITY, priority))
        if port is not None:
            td.append(dm.avp(dm.APP_PORT, port))
        da.append(dm.avp(dm.TRIGGER_DATA, td))
    if validity is not None:
        da.append(dm.avp(dm.VALIDITY_TIME, validity))
    da += list(extra_da)
    top = [dm.avp(dm.SESSION_ID, f"scs.example;{hbh}")] if session else []
    top += [dm.avp(dm.AUTH_SESSION_STATE, 1), dm.avp(dm.ORIGIN_HOST, "scs.example"),
            dm.avp(dm.ORIGIN_REALM, "example"), dm.avp(dm.DEST_REALM, realm)]
    top += list(extra_top) + [dm.avp(dm.DEVICE_ACTION, da)]
    return dm.message(cmd or dm.CMD_DEVICE_ACTION, app, flags, hbh, hbh + 100000, top)


def cases():
    c, h = [], iter(range(1, 10000))
    ok = dict(result=2001, status=0, dtr=True)
    c.append(Case("delivered by External-Identifier", A,
                  request(next(h), "u1@iot.example", validity=3600, priority=1, port=9200), **ok))
    c.append(Case("delivered by MSISDN", A, request(next(h), msisdn="15551000001"), **ok))
    c.append(Case("delivered from IPv6", A6, request(next(h), "u3@iot.example"), **ok))
    c.append(Case("delivered, no SCS-Identity: SM-RP-SMEA is the SCS name", B,
                  request(next(h), "u4@iot.example", scs_id=None, payload=b""), **ok))
    c.append(Case("103 SCS-Identity missing", A, request(next(h), "nobody@x", scs_id=None),
                  2001, 103))
    c.append(Case("103 SCS-Identity not allowed", A, request(next(h), "u1@iot.example",
                                                              scs_id="+4477"), 2001, 103))
    c.append(Case("104 before 101", A, request(next(h), "u1@iot.example", validity=604801,
                                                payload=b"x" * 1025), 2001, 104))
    c.append(Case("101 payload too long", A, request(next(h), "u1@iot.example",
                                                      payload=b"x" * 1025), 2001, 101))
    c.append(Case("101 deny rule", A, request(next(h), "u1@iot.example",
                                               payload=b"please SHUTDOWN"), 2001, 101))
    c.append(Case("102 unknown UE", A, request(next(h), "nobody@iot.example"), 2001, 102))
    c.append(Case("102 unknown MSISDN", A, request(next(h), msisdn="15559999999"), 2001, 102))
    c.append(Case("105 no shared group", C, request(next(h), "u1@iot.example", scs_id=None),
                  2001, 105))
    c.append(Case("106 suspended UE", A, request(next(h), "u2@iot.example"), 2001, 106))
    for i in range(3):
        # The fourth from fleet-b (one went before): over a burst of 3.
        c.append(Case(f"rate: request {i + 1} of 3 with a burst of 3", B,
                      request(next(h), "u1@iot.example", scs_id=None),
                      **(ok if i < 2 else dict(result=2001, status=109))))
    for i in range(3):
        c.append(Case(f"quota: request {i + 1} of 3 with a quota of 2", Q,
                      request(next(h), "u1@iot.example", scs_id=None),
                      **(ok if i < 2 else dict(result=2001, status=108))))
    # Protocol faults: a Result-Code and no Request-Status.
    c.append(Case("3003 realm not served", A, request(next(h), "u1@iot.example",
                                                       realm="else.example"), 3003))
    c.append(Case("3001 command unsupported", A, request(next(h), "u1@iot.example",
                                                          cmd=8388640), 3001))
    c.append(Case("3007 application unsupported", A, request(next(h), "u1@iot.example",
                                                              app=16777310), 3007))
    c.append(Case("5005 no Session-Id (one is made up)", A,
                  request(next(h), "u1@iot.example", session=False), 5005))
    c.append(Case("5005 neither identifier", A, request(next(h)), 5005))
    c.append(Case("5009 duplicate Reference-Number", A, request(
        next(h), "u1@iot.example", extra_da=[dm.avp(dm.REFERENCE, 5)]), 5009))
    c.append(Case("5004 Action-Type 2", A, request(next(h), "u1@iot.example", action=2), 5004))
    c.append(Case("5001 unknown AVP with M", A, request(
        next(h), "u1@iot.example", extra_top=[dm.avp((9999, 0), b"x")]), 5001))
    bad = bytearray(request(next(h), "u1@iot.example"))
    bad[20 + 5:20 + 8] = (0xFFFF).to_bytes(3, "big")  # Session-Id longer than the message
    c.append(Case("5014 AVP length", A, bytes(bad), 5014))
    short = bytearray(request(next(h), "u1@iot.example"))
    short[1:4] = (len(short) + 8).to_bytes(3, "big")
    c.append(Case("5015 message length", A, bytes(short), 5015))
    # Never answered.
    c.append(Case("stranger's request dropped", STRANGER, request(next(h), "u1@iot.example")))
    v2 = bytearray(request(next(h), "u1@iot.example"))
    v2[0] = 2
    c.append(Case("Diameter version 2 dropped", A, bytes(v2)))
    c.append(Case("answer (R clear) dropped", A, request(next(h), "u1@iot.example",
                                                          flags=0x40)))
    m = request(next(h), "u1@iot.example")
    c.append(Case("bad UDP checksum dropped", A, m,
                  frame=frames.udp4(GW_MAC, A, GW4, 40000, 3868, m, bad_udp_cksum=True)))
    c.append(Case("wrong port dropped", A, m, frame=frames.udp4(GW_MAC, A, GW4, 40000, 3869, m)))
    c.append(Case("IPv4 fragment dropped", A, m,
                  frame=frames.udp4(GW_MAC, A, GW4, 40000, 3868, m, more_fragments=True)))
    # Enough frames between an original and its recall that they are in
    # different bursts (a burst is judged before its triggers are recorded).
    for _ in range(40):
        c.append(Case("delivered (filler)", A, request(next(h), "u3@iot.example"), **ok))
    orig = 1  # the first case's Reference-Number
    c.append(Case("112 recall of a sent trigger", A, request(
        next(h), "u1@iot.example", action=3, old_ref=orig), 2001, 112))
    c.append(Case("111 recall of an unknown trigger", A, request(
        next(h), "u1@iot.example", action=3, old_ref=777777), 2001, 111))
    c.append(Case("112 replace of a sent trigger, replacement delivered", A, request(
        next(h), "u1@iot.example", action=4, old_ref=orig), 2001, 112, dtr=True))
    c.append(Case("110 replace of an unknown trigger", A, request(
        next(h), "u1@iot.example", action=4, old_ref=777778), 2001, 110))
    c.append(Case("111 recall of another SCS's trigger", C, request(
        next(h), "u1@iot.example", scs_id=None, action=3, old_ref=orig), 2001, 111))
    return c


def provision(work):
    with open(f"{work}/prov.jsonl", "w") as f:
        for s in SCS:
            f.write(json.dumps(s) + "\n")
        for ext, (imsi, msisdn, ksi, eea, eia, groups, suspended) in UES.items():
            f.write(json.dumps({"ue": imsi, "external_id": ext, "msisdn": msisdn,
                                "k_iwf": KIWF, "ksi": ksi, "eea": eea, "eia": eia,
                                "groups": groups, "suspended": suspended}) + "\n")
    json.dump({"origin_host": "iwf.example", "origin_realm": "iwf.example",
               "tsp": {"port": 0, "ipv4": GW4, "ipv6": GW6, "udp_port": 3868},
               "t4": {"port": 0, "peer_ipv4": "198.18.1.2", "peer_mac": "02:00:00:00:01:02",
                      "peer_udp_port": 3868, "destination_realm": "smsc.example"},
               "limits": {"max_payload": 1024, "max_validity": 604800},
               "data_dir": f"{work}/data", "provision": "prov.jsonl"},
              open(f"{work}/gw.json", "w"))


def main():
    gw_bin, a3_bin = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix="mtc-pcap-")
    provision(work)
    cs = cases()
    pkts = []
    for k in cs:
        if k.frame is None:
            k.frame = (frames.udp6(GW_MAC, k.src, GW6, 40000, 3868, k.msg) if ":" in k.src
                       else frames.udp4(GW_MAC, k.src, GW4, 40000, 3868, k.msg))
        pkts.append(k.frame)
    pkts.append(frames.arp_request(GW_MAC, "198.18.0.10", GW4))
    frames.write_pcap(f"{work}/in.pcap", pkts)
    r = subprocess.run([gw_bin, *eal(),
                        f"--vdev=net_pcap0,rx_pcap={work}/in.pcap,tx_pcap={work}/out.pcap",
                        "--", "--config", f"{work}/gw.json", "--duration", "2"],
                       capture_output=True, text=True, timeout=120)
    print(r.stdout[-3000:], r.stderr[-2000:])
    check = Checks()

    check.check("mtc-gw exit status", r.returncode == 0, r.returncode)
    out = frames.read_pcap(f"{work}/out.pcap")
    answers, dtrs, arps = {}, [], 0
    for f in out:
        if f[12:14] == b"\x08\x06":
            arps += 1
            check.check("ARP reply", f[20:22] == b"\x00\x02" and f[28:32] == bytes([198, 18, 0, 1]))
            continue
        msg = frames.udp_payload(f)
        p = dm.parse(msg)
        if p["cmd"] == dm.CMD_DEVICE_TRIGGER:
            dtrs.append((p, frames.ip_dst(f)))
        else:
            check.check("one answer per request", p["hbh"] not in answers, p["hbh"])
            answers[p["hbh"]] = (p, msg, frames.ip_dst(f))
    check.check("ARP answered", arps == 1, arps)

    want_dtrs = 0
    for k in cs:
        hbh = struct.unpack("!I", k.msg[12:16])[0]
        a = answers.get(hbh)
        if k.result is None:
            check.check(f"{k.name}: no answer", a is None, a and a[0])
            continue
        if a is None:
            check.check(f"{k.name}: answered", False, "no answer")
            continue
        p, raw, dst = a
        check.check(f"{k.name}: to the sender", dst == k.src, dst)
        check.check(f"{k.name}: Result-Code", dm.u32(p, dm.RESULT_CODE) == k.result,
              dm.u32(p, dm.RESULT_CODE))
        st = dm.u32(p, dm.REQUEST_STATUS) if dm.REQUEST_STATUS in p["avps"] else None
        check.check(f"{k.name}: Request-Status", st == k.status, st)
        e_bit = bool(p["flags"] & 0x20)
        check.check(f"{k.name}: header", not p["flags"] & 0x80 and p["flags"] & 0x40 and
              e_bit == (3000 <= k.result < 4000) and p["e2e"] == hbh + 100000 and
              p["app"] == dm.APP_TSP and p["cmd"] == dm.CMD_DEVICE_ACTION, p)
        order = frames.top_avp_codes(raw)
        head = [263, 258, 277, 264, 296, 268]
        check.check(f"{k.name}: AVP order", order[:6] == head and
              order[6:] == ([3002] if k.status is not None else []), order)
        sid = p["avps"][dm.SESSION_ID][0].decode()
        made_up = k.name.startswith(("5005 no Session-Id", "5014"))  # none, or broken
        check.check(f"{k.name}: Session-Id", sid.startswith("iwf.example;") if made_up
              else sid == f"scs.example;{hbh}", sid)
        want_dtrs += k.dtr
    check.check("DTR count", len(dtrs) == want_dtrs, f"{len(dtrs)} != {want_dtrs}")

    seen_sid, counts = set(), []
    by_imsi = {v[0]: (ext, v) for ext, v in UES.items()}
    for p, dst in dtrs:
        av = p["avps"]
        check.check("DTR to the delivery node", dst == "198.18.1.2", dst)
        check.check("DTR header", p["flags"] == 0xC0 and p["app"] == 16777311, p)
        sid = av[dm.SESSION_ID][0].decode()
        check.check("DTR Session-Id unique and <host>;<hi>;<lo>",
              sid not in seen_sid and len(sid.split(";")) == 3 and sid.startswith("iwf.example;"),
              sid)
        seen_sid.add(sid)
        check.check("DTR fixed AVPs", dm.u32(p, dm.AUTH_SESSION_STATE) == 1 and
              av[dm.ORIGIN_HOST][0] == b"iwf.example" and av[dm.ORIGIN_REALM][0] ==
              b"iwf.example" and av[dm.DEST_REALM][0] == b"smsc.example", av)
        imsi = av[dm.USER_NAME][0].decode()
        ext, (imsi_, _, ksi, eea, eia, _, _) = by_imsi[imsi]
        smea = av[dm.SM_RP_SMEA][0]
        check.check("DTR SM-RP-SMEA", smea in (b"+15550100", b"fleet-b", b"fleet-q"), smea)
        pdu = av[dm.PAYLOAD][0].hex()
        counts.append((imsi, struct.unpack("!I", av[dm.PAYLOAD][0][4:8])[0]))
        o = subprocess.run([a3_bin, "open", "--kiwf", KIWF, "--ksi", str(ksi), "--eea",
                            str(eea), "--eia", str(eia), "--now", "0", pdu],
                           capture_output=True, text=True)
        res = json.loads(o.stdout) if o.returncode == 0 else {}
        check.check("DTR A3-PDU opens", res.get("ok") is True, o.stdout + o.stderr)
        check.check("DTR Reference-Number matches the PDU's",
              res.get("ref") == dm.u32(p, dm.REFERENCE), res)
        if dm.VALIDITY_TIME in av:
            check.check("expiry = gateway time + Validity-Time", res.get("expiry", 0) > 1700000000)
        if dm.PRIORITY in av:
            check.check("priority in the PDU", res.get("priority") == dm.u32(p, dm.PRIORITY))

    # A restart on the same data directory resumes above every COUNT the
    # first run could have used (PROTOCOL.md 5.4): u1's next trigger must
    # carry a COUNT above all of u1's so far.
    u1_counts = [c for imsi, c in counts if imsi == "001010000000001"]
    frames.write_pcap(f"{work}/in2.pcap", [frames.udp4(
        GW_MAC, A, GW4, 40000, 3868, request(90000, "u1@iot.example"))])
    r2 = subprocess.run([gw_bin, *eal(),
                         f"--vdev=net_pcap0,rx_pcap={work}/in2.pcap,tx_pcap={work}/out2.pcap",
                         "--", "--config", f"{work}/gw.json", "--duration", "1", "--quiet"],
                        capture_output=True, text=True, timeout=120)
    check.check("restart: exit status", r2.returncode == 0, r2.stderr)
    after = [dm.parse(frames.udp_payload(f)) for f in frames.read_pcap(f"{work}/out2.pcap")
             if f[12:14] == b"\x08\x00"]
    pdus = [p["avps"][dm.PAYLOAD][0] for p in after if p["cmd"] == dm.CMD_DEVICE_TRIGGER]
    check.check("restart: the trigger delivered", len(pdus) == 1, len(pdus))
    if pdus and u1_counts:
        c2 = struct.unpack("!I", pdus[0][4:8])[0]
        check.check("restart: COUNT resumes above every COUNT used before", c2 > max(u1_counts),
              f"{c2} <= {max(u1_counts)}")

    tshark = shutil.which("tshark")
    check.check("tshark installed", tshark is not None)
    if tshark:
        t = subprocess.run([tshark, "-r", f"{work}/out.pcap", "-d", "udp.port==3868,diameter",
                            "-Y", "_ws.malformed || _ws.expert.severity == error"],
                           capture_output=True, text=True)
        check.check("tshark: no malformed frame or expert error", t.returncode == 0 and
              t.stdout.strip() == "", t.stdout[:2000])
    shutil.rmtree(work, ignore_errors=True)
    return check.done()


if __name__ == "__main__":
    sys.exit(main())
