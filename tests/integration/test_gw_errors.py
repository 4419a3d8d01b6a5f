#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mtc-gw refuses to start, with exit status 1 and a message that says what
is wrong, on a missing or bad configuration, a bad provisioning line, a
missing device or a bad option; and a good start stopped by SIGTERM exits 0.

usage: test_gw_errors.py MTC_GW"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, eal  # noqa: E402

EAL = eal(128)

KIWF = "00" * 32


def main():
    gw = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="mtc-err-")
    cfg = {"origin_host": "iwf.example", "origin_realm": "example",
           "tsp": {"port": 0, "ipv4": "198.18.0.1", "udp_port": 3868},
           "t4": {"port": 0, "peer_ipv4": "198.18.1.2", "peer_mac": "02:00:00:00:01:02",
                  "peer_udp_port": 3868, "destination_realm": "smsc.example"},
           "data_dir": f"{work}/data", "provision": "prov.jsonl"}
    good = [json.dumps({"scs": "a", "sources": ["198.18.0.0/24"], "groups": ["g"]}),
            json.dumps({"ue": "001010000000001", "external_id": "u@x", "msisdn": "1555",
                        "k_iwf": KIWF, "ksi": 1, "eea": 2, "eia": 2, "groups": ["g"]})]
    checks = Checks()
    with open(f"{work}/empty.pcap", "wb") as f:
        f.write(bytes.fromhex("d4c3b2a1020004000000000000000000ffff000001000000"))

    def run(config, prov_lines, vdev=True, extra=()):
        with open(f"{work}/gw.json", "w") as f:
            f.write(config if isinstance(config, str) else json.dumps(config))
        with open(f"{work}/prov.jsonl", "w") as f:
            f.write("\n".join(prov_lines) + "\n")
        args = [gw, *EAL]
        if vdev:
            args.append(f"--vdev=net_pcap0,rx_pcap={work}/empty.pcap,tx_pcap={work}/out.pcap")
        args += ["--", "--config", f"{work}/gw.json", *extra]
        return subprocess.run(args, capture_output=True, text=True, timeout=60)

    def check(name, r, want_rc, want_text):
        checks.check(name, r.returncode == want_rc and want_text in r.stderr,
                     f"rc={r.returncode} stderr={r.stderr[-500:]}")

    check("no such configuration", run(cfg, good, extra=["--config", "/nonexistent.json"]),
          1, "/nonexistent.json")
    check("configuration not JSON", run("{not json", good), 1, "gw.json")
    bad = json.loads(json.dumps(cfg))
    bad["tsp"]["udp_port"] = 70000
    check("configuration value out of range", run(bad, good), 1, "udp_port")
    bad = json.loads(json.dumps(cfg))
    bad["t4"]["peer_mac"] = "02:00:00"
    check("bad MAC", run(bad, good), 1, "peer_mac")
    bad = json.loads(json.dumps(cfg))
    bad["origin_hots"] = "typo"
    check("unknown key", run(bad, good), 1, "origin_hots")
    check("bad provisioning line", run(cfg, [good[0], good[1].replace('"eea": 2', '"eea": 7')]),
          1, "line 2")
    check("null algorithm not allowed", run(cfg, [good[0], good[1].replace('"eea": 2',
                                                                           '"eea": 0')]),
          1, "line 2")
    check("no device", run(cfg, good, vdev=False), 1, "port 0 does not exist")
    check("bad option", run(cfg, good, extra=["--bogus"]), 1, "usage")

    # A good start, stopped by SIGTERM: exit 0 and the counters printed.
    with open(f"{work}/gw.json", "w") as f:
        json.dump(cfg, f)
    p = subprocess.Popen([gw, *EAL, f"--vdev=net_pcap0,rx_pcap={work}/empty.pcap,"
                          f"tx_pcap={work}/o.pcap",
                          "--", "--config", f"{work}/gw.json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    while line and "running on" not in line:
        line = p.stdout.readline()
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    checks.check("clean stop", p.returncode == 0 and "stopped after" in out,
                 f"rc={p.returncode} {out[-300:]} {err[-300:]}")
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
