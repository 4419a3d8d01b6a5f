#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mtc-gw on real sockets: a veth pair into a network namespace made here,
the gateway on net_af_packet at one end; at the other, an SCS on an ordinary
kernel UDP socket (no static ARP entry: the gateway answers ARP) and a
delivery node on another (the gateway resolves it by ARP). Every DAR must be
answered 2001/SUCCESS and every DTR's A3-PDU must open with the UE's keys.

usage: test_gw_veth.py MTC_GW MTC_A3"""
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diameter as dm  # noqa: E402
from checks import Checks, eal  # noqa: E402

GW_IP, SCS_IP, T4_IP = "198.18.0.1", "198.18.0.10", "198.18.1.2"
N_UES, N_DARS = 20, 60


def sh(*cmd, ns=None):
    if ns:
        cmd = ("ip", "netns", "exec", ns) + cmd
    subprocess.run(cmd, check=True, capture_output=True)


def peer(ns_sock_args):
    """In the namespace: send the DARs, collect DAAs and DTRs."""
    dars = json.loads(ns_sock_args)
    t4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t4.bind((T4_IP, 3868))
    scs = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    scs.bind((SCS_IP, 0))
    for d in dars:
        scs.sendto(bytes.fromhex(d), (GW_IP, 3868))
        time.sleep(0.002)
    daas, dtrs, deadline = [], [], time.time() + 10
    while (len(daas) < len(dars) or len(dtrs) < len(dars)) and time.time() < deadline:
        ready, _, _ = select.select([scs, t4], [], [], 0.2)
        for s in ready:
            (daas if s is scs else dtrs).append(s.recv(65535).hex())
    print(json.dumps({"daas": daas, "dtrs": dtrs}))


def main():
    gw_bin, a3_bin = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    ns, gw_if, ns_if = f"mtcv{os.getpid()}", f"mtcg{os.getpid() % 10000}", "mtcs0"
    work = tempfile.mkdtemp(prefix="mtc-veth-")
    ues = []
    with open(f"{work}/prov.jsonl", "w") as f:
        f.write(json.dumps({"scs": "fleet", "sources": [f"{SCS_IP}/32"], "groups": ["g"],
                            "rate": 100000, "burst": 1000}) + "\n")
        for i in range(N_UES):
            k = os.urandom(32).hex()
            eea, eia = 1 + i % 3, 1 + (i // 3) % 3
            ues.append({"ue": f"0010100000{i:05d}", "external_id": f"ue-{i}@veth.example",
                        "msisdn": f"1555200{i:04d}", "k_iwf": k, "ksi": i % 15,
                        "eea": eea, "eia": eia, "groups": ["g"]})
            f.write(json.dumps(ues[-1]) + "\n")
    json.dump({"origin_host": "iwf.example", "origin_realm": "example",
               "tsp": {"port": 0, "ipv4": GW_IP, "udp_port": 3868},
               "t4": {"port": 0, "peer_ipv4": T4_IP, "peer_udp_port": 3868,
                      "destination_realm": "smsc.example"},
               "data_dir": f"{work}/data", "provision": "prov.jsonl"},
              open(f"{work}/gw.json", "w"))
    gw = None
    try:
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", gw_if, "type", "veth", "peer", "name", ns_if, "netns", ns)
        sh("ip", "link", "set", gw_if, "up")
        sh("sysctl", "-qw", f"net.ipv6.conf.{gw_if}.disable_ipv6=1")
        for a in (f"{SCS_IP}/24", f"{T4_IP}/24"):
            sh("ip", "addr", "add", a, "dev", ns_if, ns=ns)
        # The kernel leaves UDP checksums for the NIC to fill in; a veth
        # hands them to the gateway unfilled unless told to compute them.
        sh("ethtool", "-K", ns_if, "tx", "off", ns=ns)
        sh("ip", "link", "set", ns_if, "up", ns=ns)
        sh("ip", "link", "set", "lo", "up", ns=ns)
        gw = subprocess.Popen([gw_bin, *eal(),
                               f"--vdev=net_af_packet0,iface={gw_if}", "--",
                               "--config", f"{work}/gw.json"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = ""
        for line in gw.stdout:
            if "running on" in line:
                break
        else:
            raise SystemExit(f"mtc-gw did not start: {line}")
        dars, want = [], {}
        for i in range(N_DARS):
            ue = ues[i % N_UES]
            payload = f"trigger {i}".encode()
            dars.append(dm.dar(1000 + i, f"scs.example;{i}", "example", ue["external_id"],
                               5000 + i, payload, validity=3600).hex())
            want[5000 + i] = (ue, payload)
        out = subprocess.run(["ip", "netns", "exec", ns, sys.executable, __file__, "--peer",
                              json.dumps(dars)], capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise SystemExit(f"peer failed: {out.stderr}")
        got = json.loads(out.stdout)
    finally:
        if gw is not None:
            gw.send_signal(signal.SIGTERM)
            rest, _ = gw.communicate(timeout=30)
            print(rest)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        subprocess.run(["ip", "link", "del", gw_if], capture_output=True)
    check = Checks()

    check.check("mtc-gw exit status", gw.returncode == 0, gw.returncode)
    check.check("every DAR answered", len(got["daas"]) == N_DARS, len(got["daas"]))
    check.check("every trigger delivered", len(got["dtrs"]) == N_DARS, len(got["dtrs"]))
    for h in got["daas"]:
        f = dm.parse(bytes.fromhex(h))
        check.check("DAA", f["cmd"] == dm.CMD_DEVICE_ACTION and not f["flags"] & 0x80 and
              dm.u32(f, dm.RESULT_CODE) == 2001 and dm.u32(f, dm.REQUEST_STATUS) == 0, f)
    seen = set()
    for h in got["dtrs"]:
        f = dm.parse(bytes.fromhex(h))
        ref = dm.u32(f, dm.REFERENCE)
        ue, payload = want[ref]
        seen.add(ref)
        check.check("DTR User-Name", f["avps"][dm.USER_NAME][0].decode() == ue["ue"])
        pdu = f["avps"][dm.PAYLOAD][0].hex()
        r = subprocess.run([a3_bin, "open", "--kiwf", ue["k_iwf"], "--ksi", str(ue["ksi"]),
                            "--eea", str(ue["eea"]), "--eia", str(ue["eia"]), pdu],
                           capture_output=True, text=True)
        o = json.loads(r.stdout) if r.returncode == 0 else {}
        check.check("A3-PDU opens", o.get("payload") == payload.hex() and o.get("ref") == ref,
              r.stdout + r.stderr)
    check.check("each trigger once", len(seen) == N_DARS, len(seen))
    return check.done()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--peer":
        peer(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
