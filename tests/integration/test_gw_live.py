#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Live changes through gwctl while mtc-gw serves: a veth pair into a network
namespace made here, the gateway on net_af_packet, two SCSs and a delivery
node on kernel sockets in the namespace. In phases, and then while traffic
flows, UEs are added, rekeyed, suspended, moved between groups and deleted,
and SCS rules added and changed; every answer must follow the state in force
when its request was processed, every DTR's A3-PDU must open with the keys
of the KSI it names, no (UE, KSI, COUNT) may repeat, and no request may be
lost.

usage: test_gw_live.py MTC_GW MTC_A3 GWCTL"""
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diameter as dm  # noqa: E402
from checks import Checks, eal  # noqa: E402

GW_IP, SCS_IP, SCS2_IP, T4_IP = "198.18.0.1", "198.18.0.10", "198.18.0.11", "198.18.1.2"
N_UES = 8


def sh(*cmd, ns=None):
    if ns:
        cmd = ("ip", "netns", "exec", ns) + cmd
    subprocess.run(cmd, check=True, capture_output=True)


def peer():
    """In the namespace: one command per stdin line, {"src", "dars", "gap_ms"}:
    sends the DARs from src, then prints the DAAs and DTRs that came back."""
    def udp(addr):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        s.bind(addr)
        return s
    t4 = udp((T4_IP, 3868))
    socks = {ip: udp((ip, 0)) for ip in (SCS_IP, SCS2_IP)}
    for line in sys.stdin:
        cmd = json.loads(line)
        scs = socks[cmd["src"]]
        want = cmd["expect"]
        daas, dtrs = [], []

        def drain(wait):
            ready, _, _ = select.select([scs, t4], [], [], wait)
            for s in ready:
                (daas if s is scs else dtrs).append(s.recv(65535).hex())
        for d in cmd["dars"]:
            scs.sendto(bytes.fromhex(d), (GW_IP, 3868))
            drain(cmd["gap_ms"] / 1000)
        deadline = time.time() + 5
        while (len(daas) < want or len(dtrs) < cmd["dtrs"]) and time.time() < deadline:
            drain(0.1)
        # anything late: a lost answer would show as a shortfall above
        print(json.dumps({"daas": daas, "dtrs": dtrs}), flush=True)


class Live:
    def __init__(self, gw_bin, a3_bin, gwctl):
        self.a3, self.gwctl = a3_bin, gwctl
        self.work = tempfile.mkdtemp(prefix="mtc-live-")
        self.sock = f"{self.work}/api.sock"
        self.ues = {}
        self.ref = 0
        self.check = Checks()
        self.seen = set()

    # -- state the test believes in -------------------------------------
    def ue(self, i, ksi=1, groups=("g",)):
        u = {"ue": f"0010100000{i:05d}", "external_id": f"ue-{i}@live.example",
             "k_iwf": os.urandom(32).hex(), "ksi": ksi, "eea": 1 + i % 3,
             "eia": 1 + (i // 3) % 3, "groups": list(groups)}
        self.ues[i] = dict(u, keys={ksi: u["k_iwf"]})
        return u

    def ctl(self, *args, stdin=None, ok=True):
        r = subprocess.run([self.gwctl, "--socket", self.sock, "--json", *args],
                           input=stdin, capture_output=True, text=True, timeout=30)
        self.check.check(f"gwctl {' '.join(args)}", (r.returncode == 0) == ok,
                         f"rc {r.returncode}: {r.stdout} {r.stderr}")
        return r

    # -- traffic ----------------------------------------------------------
    def dar(self, i, payload=b"wake up"):
        self.ref += 1
        return self.ref, dm.dar(self.ref, f"scs.example;{self.ref}", "example",
                                f"ue-{i}@live.example", self.ref, payload,
                                validity=3600).hex()

    def send(self, src, reqs, expect_dtrs, gap_ms=1):
        """reqs: [(ref, hex)]. Returns {ref: daa fields}, [dtr fields]."""
        self.p.stdin.write(json.dumps({"src": src, "dars": [h for _, h in reqs],
                                       "gap_ms": gap_ms, "expect": len(reqs),
                                       "dtrs": expect_dtrs}) + "\n")
        self.p.stdin.flush()
        got = json.loads(self.p.stdout.readline())
        daas = {}
        for h in got["daas"]:
            f = dm.parse(bytes.fromhex(h))
            daas[f["hbh"]] = f
        return daas, [dm.parse(bytes.fromhex(h)) for h in got["dtrs"]]

    def status(self, f):
        if dm.REQUEST_STATUS not in f["avps"]:
            return ("rc", dm.u32(f, dm.RESULT_CODE))
        return dm.u32(f, dm.REQUEST_STATUS)

    def opened(self, dtr):
        """The UE and KSI the PDU names, and whether it opens with that
        key set; records (UE, KSI, COUNT) and fails on a repeat."""
        imsi = dtr["avps"][dm.USER_NAME][0].decode()
        pdu = dtr["avps"][dm.PAYLOAD][0]
        ksi, count = pdu[1] >> 4, int.from_bytes(pdu[4:8], "big")
        u = next((u for u in self.ues.values() if u["ue"] == imsi), None)
        if u is None or ksi not in u["keys"]:
            return None
        key = u["keys"][ksi]
        eea, eia = pdu[2] >> 4, pdu[2] & 15
        r = subprocess.run([self.a3, "open", "--kiwf", key, "--ksi", str(ksi), "--eea",
                            str(eea), "--eia", str(eia), pdu.hex()],
                           capture_output=True, text=True)
        o = json.loads(r.stdout) if r.returncode == 0 else {}
        triple = (imsi, ksi, count)
        self.check.check("no (UE, KSI, COUNT) twice", triple not in self.seen, triple)
        self.seen.add(triple)
        return (imsi, ksi) if o.get("ok") else None

    def phase(self, name, plan, src=SCS_IP):
        """plan: [(ue index, expected Request-Status, payload)]; every answer
        and every DTR checked."""
        reqs, want = [], {}
        for i, st, payload in plan:
            ref, h = self.dar(i, payload)
            reqs.append((ref, h))
            want[ref] = (i, st)
        n_dtr = sum(1 for _, st, _ in plan if st == 0)
        daas, dtrs = self.send(src, reqs, n_dtr)
        self.check.check(f"{name}: every request answered", len(daas) == len(reqs),
                         f"{len(daas)} of {len(reqs)}")
        for ref, (i, st) in want.items():
            f = daas.get(ref)
            got = self.status(f) if f else None
            self.check.check(f"{name}: ue {i} ref {ref} answered {st}", got == st, got)
        self.check.check(f"{name}: every success delivered", len(dtrs) == n_dtr,
                         f"{len(dtrs)} of {n_dtr}")
        for d in dtrs:
            ref = dm.u32(d, dm.REFERENCE)
            i = want[ref][0]
            u = self.ues[i]
            self.check.check(f"{name}: ref {ref} opens with ue {i}'s key set {u['ksi']}",
                             self.opened(d) == (u["ue"], u["ksi"]))

    def run(self, gw_bin):
        scs = {"scs": "fleet", "sources": [f"{SCS_IP}/32"], "groups": ["g"],
               "rate": 100000, "burst": 1000}
        with open(f"{self.work}/prov.jsonl", "w") as f:
            f.write(json.dumps(scs) + "\n")
            f.write(json.dumps({"scs": "spare", "sources": ["192.0.2.0/24"],
                                "groups": ["h"]}) + "\n")
            for i in range(N_UES):
                u = self.ue(i)
                f.write(json.dumps(u) + "\n")
        json.dump({"origin_host": "iwf.example", "origin_realm": "example",
                   "tsp": {"port": 0, "ipv4": GW_IP, "udp_port": 3868},
                   "t4": {"port": 0, "peer_ipv4": T4_IP, "peer_udp_port": 3868,
                          "destination_realm": "smsc.example"},
                   "data_dir": f"{self.work}/data", "provision": "prov.jsonl",
                   "api_socket": self.sock}, open(f"{self.work}/gw.json", "w"))
        ns, gw_if = f"mtcl{os.getpid()}", f"mtcl{os.getpid() % 10000}"
        gw = None
        try:
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", gw_if, "type", "veth", "peer", "name", "mtcs0",
               "netns", ns)
            sh("ip", "link", "set", gw_if, "up")
            sh("sysctl", "-qw", f"net.ipv6.conf.{gw_if}.disable_ipv6=1")
            for a in (f"{SCS_IP}/24", f"{SCS2_IP}/24", f"{T4_IP}/24"):
                sh("ip", "addr", "add", a, "dev", "mtcs0", ns=ns)
            sh("ethtool", "-K", "mtcs0", "tx", "off", ns=ns)
            sh("ip", "link", "set", "mtcs0", "up", ns=ns)
            gw = subprocess.Popen([gw_bin, *eal(), f"--file-prefix=mtcl{os.getpid()}",
                                   f"--vdev=net_af_packet0,iface={gw_if}", "--",
                                   "--config", f"{self.work}/gw.json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in gw.stdout:
                if "running on" in line:
                    break
            else:
                raise SystemExit("mtc-gw did not start")
            self.p = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, __file__,
                                       "--peer"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            self.phases()
            self.concurrent()
            self.p.stdin.close()
            self.p.wait(timeout=10)
        finally:
            if gw is not None:
                gw.send_signal(signal.SIGTERM)
                rest, _ = gw.communicate(timeout=30)
                print(rest)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
            subprocess.run(["ip", "link", "del", gw_if], capture_output=True)
        self.check.check("mtc-gw exit status", gw.returncode == 0, gw.returncode)
        return self.check.done()

    def phases(self):
        ok, new = b"wake up", N_UES
        self.phase("start", [(i, 0, ok) for i in range(N_UES)] + [(new, 102, ok)])
        # a new UE, used at once
        u = self.ue(new)
        self.ctl("ue", "add", "-", stdin=json.dumps(u) + "\n")
        self.phase("added", [(new, 0, ok), (0, 0, ok)])
        # a rekey: the next triggers use KSI 2 and its keys
        k2 = os.urandom(32).hex()
        self.ctl("ue", "rekey", self.ues[3]["ue"], "--ksi", "2", stdin=k2 + "\n")
        self.ues[3]["ksi"], self.ues[3]["keys"][2] = 2, k2
        self.phase("rekeyed", [(3, 0, ok), (3, 0, ok)])
        r = self.ctl("ue", "show", self.ues[3]["ue"])
        shown = json.loads(r.stdout) if r.returncode == 0 else {}
        self.check.check("ue show: KSI 2, no key", shown.get("ksi") == 2 and
                         k2 not in r.stdout and "k_iwf" not in shown, r.stdout)
        # delete, suspend, move to a group fleet does not serve
        self.ctl("ue", "delete", self.ues[5]["ue"])
        self.ctl("ue", "update", self.ues[6]["ue"], "--suspend")
        self.ctl("ue", "update", self.ues[7]["ue"], "--group", "h")
        self.phase("changed", [(5, 102, ok), (6, 106, ok), (7, 105, ok), (1, 0, ok)])
        self.ctl("ue", "update", self.ues[6]["ue"], "--resume")
        self.ctl("ue", "update", self.ues[7]["ue"], "--group", "g", "--group", "h")
        self.phase("restored", [(6, 0, ok), (7, 0, ok)])
        # an SCS rule changed, a second SCS added
        self.ctl("scs", "update", "fleet", "--deny", "(?i)forbidden")
        self.phase("deny rule", [(1, 101, b"FORBIDDEN now"), (1, 0, ok)])
        self.ctl("scs", "add", "-", stdin=json.dumps(
            {"scs": "fleet2", "sources": [f"{SCS2_IP}/32"], "groups": ["g"]}) + "\n")
        self.phase("second SCS", [(2, 0, ok), (4, 0, ok)], src=SCS2_IP)
        # bad input changes nothing
        self.ctl("ue", "add", "-", stdin=json.dumps(dict(self.ue(99), k_iwf="zz")) + "\n",
                 ok=False)
        del self.ues[99]
        self.ctl("ue", "delete", self.ues[0]["ue"], "00101999999999", ok=False)
        self.ctl("scs", "update", "fleet", "--identity", "([", ok=False)
        self.phase("after refusals", [(0, 0, ok), (1, 0, ok), (99, 102, ok)])

    def concurrent(self):
        """Traffic while UEs are rekeyed: each trigger opens with the key
        set its PDU names, old or new, and none is lost."""
        plan = [(i % 3, 0, b"stream") for i in range(300)]
        reqs = [self.dar(i, p) for i, _, p in plan]
        want = {ref: i for (ref, _), (i, _, _) in zip(reqs, plan)}
        out = {}

        def traffic():
            out["r"] = self.send(SCS_IP, reqs, len(reqs), gap_ms=2)
        t = threading.Thread(target=traffic)
        t.start()
        for ksi in (3, 4, 5):
            for i in range(3):
                k = os.urandom(32).hex()
                self.ues[i]["keys"][ksi] = k  # known before it can be used
                self.ctl("ue", "rekey", self.ues[i]["ue"], "--ksi", str(ksi),
                         stdin=k + "\n")
                self.ues[i]["ksi"] = ksi
            time.sleep(0.1)
        t.join()
        daas, dtrs = out["r"]
        self.check.check("stream: every request answered", len(daas) == len(reqs),
                         f"{len(daas)} of {len(reqs)}")
        self.check.check("stream: every answer a success",
                         all(self.status(f) == 0 for f in daas.values()))
        self.check.check("stream: every trigger delivered", len(dtrs) == len(reqs),
                         f"{len(dtrs)} of {len(reqs)}")
        for d in dtrs:
            i = want[dm.u32(d, dm.REFERENCE)]
            got = self.opened(d)
            self.check.check("stream: opens with a key set of its UE",
                             got is not None and got[0] == self.ues[i]["ue"], got)


def main():
    live = Live(*map(os.path.abspath, sys.argv[1:4]))
    return live.run(os.path.abspath(sys.argv[1]))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--peer":
        peer()
        sys.exit(0)
    sys.exit(main())
