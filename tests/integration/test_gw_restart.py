#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A restart from the store alone: a gateway provisioned from a file, then
changed through gwctl (a UE added, one rekeyed, one deleted, an SCS rule
changed), is stopped and started again with no provisioning file. The UEs,
their keys (wrapped under the master key), the SCSs and their ids must be
back, without key derivation; COUNT must resume above every value the first
run could have used; a store opened under another master key, or without
one, must be refused.

usage: test_gw_restart.py MTC_GW MTC_A3 GWCTL"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diameter as dm  # noqa: E402
import frames  # noqa: E402
from checks import Checks, eal  # noqa: E402

GW_MAC = bytes.fromhex("027063617000")  # net_pcap0
GW4, SCS4 = "198.18.0.1", "198.18.0.10"


def ue(i, ksi=1):
    return {"ue": f"0010100000{i:05d}", "external_id": f"ue-{i}@rs.example",
            "k_iwf": os.urandom(32).hex(), "ksi": ksi, "eea": 1 + i % 3, "eia": 1 + i % 3,
            "groups": ["g"]}


class Restart:
    def __init__(self, argv):
        self.gw, self.a3, self.gwctl = map(os.path.abspath, argv[1:4])
        self.work = tempfile.mkdtemp(prefix="mtc-restart-")
        self.check = Checks()
        self.ues = {i: ue(i) for i in range(4)}
        self.ref = 0
        for name, fill in (("master.key", "a"), ("other.key", "b")):
            with open(f"{self.work}/{name}", "w") as f:
                f.write(fill * 64 + "\n")
            os.chmod(f"{self.work}/{name}", 0o600)
        with open(f"{self.work}/prov.jsonl", "w") as f:
            f.write(json.dumps({"scs": "fleet", "sources": [f"{SCS4}/32"], "groups": ["g"],
                                "rate": 1000}) + "\n")
            for u in self.ues.values():
                f.write(json.dumps(u) + "\n")

    def config(self, name, provision=True, master="master.key"):
        c = {"origin_host": "iwf.example", "origin_realm": "example",
             "tsp": {"port": 0, "ipv4": GW4, "udp_port": 3868},
             "t4": {"port": 0, "peer_ipv4": "198.18.1.2", "peer_mac": "02:00:00:00:01:02",
                    "peer_udp_port": 3868, "destination_realm": "smsc.example"},
             "data_dir": "data", "api_socket": f"{self.work}/api.sock"}
        if provision:
            c["provision"] = "prov.jsonl"
        if master:
            c["master_key"] = master
        json.dump(c, open(f"{self.work}/{name}", "w"))

    def pcap(self, name, targets):
        pkts, want = [], {}
        for i in targets:
            self.ref += 1
            m = dm.dar(self.ref, f"scs;{self.ref}", "example", f"ue-{i}@rs.example",
                       self.ref, f"trigger {self.ref}".encode())
            pkts.append(frames.udp4(GW_MAC, SCS4, GW4, 40000, 3868, m))
            want[self.ref] = i
        frames.write_pcap(f"{self.work}/{name}", pkts)
        return want

    def start(self, cfg, pcap, out):
        return subprocess.Popen([self.gw, *eal(), f"--file-prefix=mtcr{os.getpid()}",
                                 f"--vdev=net_pcap0,rx_pcap={self.work}/{pcap},"
                                 f"tx_pcap={self.work}/{out}", "--",
                                 "--config", f"{self.work}/{cfg}", "--duration", "3"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def ctl(self, *args, stdin=None):
        r = subprocess.run([self.gwctl, "--socket", f"{self.work}/api.sock", "--json", *args],
                           input=stdin, capture_output=True, text=True, timeout=30)
        self.check.check(f"gwctl {' '.join(args)}", r.returncode == 0, r.stdout + r.stderr)
        return r

    def outcome(self, out, want, ues):
        """{ref: (status, count or None)}: every DTR opened with its UE's key
        set as it was in that run (ues)."""
        got = {}
        for f in frames.read_pcap(f"{self.work}/{out}"):
            p = dm.parse(frames.udp_payload(f))
            if p["cmd"] == dm.CMD_DEVICE_ACTION:
                st = (dm.u32(p, dm.REQUEST_STATUS) if dm.REQUEST_STATUS in p["avps"]
                      else ("rc", dm.u32(p, dm.RESULT_CODE)))
                got.setdefault(p["hbh"], [None, None])[0] = st
            elif p["cmd"] == dm.CMD_DEVICE_TRIGGER and p["flags"] & 0x80:
                ref = dm.u32(p, dm.REFERENCE)
                u = ues[want[ref]]
                pdu = p["avps"][dm.PAYLOAD][0]
                r = subprocess.run([self.a3, "open", "--kiwf", u["k_iwf"], "--ksi",
                                    str(u["ksi"]), "--eea", str(u["eea"]), "--eia",
                                    str(u["eia"]), pdu.hex()], capture_output=True, text=True)
                o = json.loads(r.stdout) if r.returncode == 0 else {}
                self.check.check(f"ref {ref}: opens with ue {want[ref]}'s KSI {u['ksi']}",
                                 o.get("ok") is True and o.get("ref") == ref, r.stdout)
                got.setdefault(ref, [None, None])[1] = o.get("count")
        return got

    def run(self):
        self.config("gw1.json")
        want1 = self.pcap("in1.pcap", [0, 1, 2, 3])
        gw = self.start("gw1.json", "in1.pcap", "out1.pcap")
        for line in gw.stdout:
            if "running on" in line:
                break
        time.sleep(0.3)
        ues1 = copy.deepcopy(self.ues)
        self.ues[9] = ue(9)
        self.ctl("ue", "add", "-", stdin=json.dumps(self.ues[9]) + "\n")
        k = os.urandom(32).hex()
        self.ctl("ue", "rekey", self.ues[1]["ue"], "--ksi", "2", stdin=k + "\n")
        self.ues[1].update(k_iwf=k, ksi=2)
        self.ctl("ue", "delete", self.ues[2]["ue"])
        self.ctl("scs", "update", "fleet", "--rate", "500")
        first = self.ctl("scs", "show", "fleet")
        rest, _ = gw.communicate(timeout=60)
        self.check.check("run 1 exit status", gw.returncode == 0, rest[-2000:])
        got1 = self.outcome("out1.pcap", want1, ues1)
        self.check.check("run 1: every trigger delivered",
                         all(v[0] == 0 and v[1] is not None for v in got1.values()), got1)
        store = open(f"{self.work}/data/data.mdb", "rb").read()
        self.check.check("no K_iwf in the store's file", not any(
            bytes.fromhex(u["k_iwf"]) in store for u in self.ues.values()))

        # run 2: no provisioning file
        self.config("gw2.json", provision=False)
        want2 = self.pcap("in2.pcap", [0, 1, 9, 2, 3])
        gw = self.start("gw2.json", "in2.pcap", "out2.pcap")
        for line in gw.stdout:
            if "running on" in line:
                break
        self.check.check("run 2 restored from the store", True)
        second = self.ctl("scs", "show", "fleet")
        rest, _ = gw.communicate(timeout=60)
        print(rest[-2000:])
        self.check.check("run 2 exit status", gw.returncode == 0, gw.returncode)
        self.check.check("run 2: the SCS as changed, same id", first.stdout == second.stdout and
                         '"rate":500' in second.stdout.replace(" ", ""), second.stdout)
        got2 = self.outcome("out2.pcap", want2, self.ues)
        for ref, i in want2.items():
            st, count = got2.get(ref, [None, None])
            if i == 2:
                self.check.check("run 2: the deleted UE is 102", st == 102, st)
                continue
            self.check.check(f"run 2: ue {i} delivered", st == 0, st)
            self.check.check(f"run 2: ue {i}'s COUNT resumes above run 1's reservation",
                             count is not None and count >= 4096, count)

        # refused stores
        for name, master, why in (("gw3.json", "other.key", "another master key"),
                                  ("gw4.json", None, "no master_key")):
            self.config(name, provision=False, master=master)
            r = subprocess.run([self.gw, *eal(), f"--file-prefix=mtcr{os.getpid()}",
                                "--vdev=net_null0", "--", "--config", f"{self.work}/{name}",
                                "--duration", "1"], capture_output=True, text=True, timeout=60)
            self.check.check(f"{name}: refused ({why})", r.returncode == 1 and
                             why in r.stdout + r.stderr, (r.returncode, r.stderr[-500:]))
        return self.check.done()


if __name__ == "__main__":
    sys.exit(Restart(sys.argv).run())
