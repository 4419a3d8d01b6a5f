#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mtc-gw's metrics while it runs: Prometheus text at /metrics (families with
HELP and TYPE, successes counted, per-SCS series named after the provisioned
SCSs, 404 elsewhere, never a key in the body) and the /mtcgw/ telemetry
commands (read with dpdk-telemetry.py, or the socket itself when the script
is missing), held against the counters printed at the stop. Then a
prometheus address already in use stops the start with exit status 1 and a
message naming it.

usage: test_gw_metrics.py MTC_GW"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diameter as dm  # noqa: E402
import frames  # noqa: E402
from checks import Checks, eal  # noqa: E402

GW_MAC = bytes.fromhex("027063617000")  # net_pcap0
GW4 = "198.18.0.1"
KIWF = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
SCS = [{"scs": "fleet-a", "sources": ["198.18.0.0/24"], "groups": ["meters"]},
       {"scs": "fleet-b", "sources": ["198.18.2.0/24"], "groups": ["meters"]}]
A, B, STRANGER = "198.18.0.10", "198.18.2.10", "203.0.113.9"
FAMILIES = ["mtcgw_requests_total", "mtcgw_scs_requests_total", "mtcgw_scs_received_total",
            "mtcgw_port_imissed_total", "mtcgw_port_rx_nombuf_total",
            "mtcgw_port_oerrors_total", "mtcgw_port_ipackets_total",
            "mtcgw_port_opackets_total", "mtcgw_count_refill_errors_total",
            "mtcgw_count_refills_total", "mtcgw_count_requests_total", "mtcgw_workers",
            "mtcgw_uptime_seconds", "mtcgw_rx_frames_total", "mtcgw_dtr_sent_total"]
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([0-9]+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def eal_prefixed(prefix):
    # The telemetry socket lives in the runtime directory of a file prefix.
    return [a for a in eal(256) if a != "--no-shconf"] + [f"--file-prefix={prefix}"]


def setup(work, port):
    with open(f"{work}/prov.jsonl", "w") as f:
        for s in SCS:
            f.write(json.dumps(s) + "\n")
        for i in range(1, 9):
            f.write(json.dumps({"ue": f"00101000000000{i}", "external_id": f"u{i}@iot.example",
                                "msisdn": f"1555100000{i}", "k_iwf": KIWF, "ksi": 1,
                                "eea": 2, "eia": 2, "groups": ["meters"]}) + "\n")
    cfg = {"origin_host": "iwf.example", "origin_realm": "iwf.example",
           "tsp": {"port": 0, "ipv4": GW4, "udp_port": 3868},
           "t4": {"port": 0, "peer_ipv4": "198.18.1.2", "peer_mac": "02:00:00:00:01:02",
                  "peer_udp_port": 3868, "destination_realm": "smsc.example"},
           "data_dir": f"{work}/data", "provision": "prov.jsonl",
           "prometheus": f"127.0.0.1:{port}"}
    with open(f"{work}/gw.json", "w") as f:
        json.dump(cfg, f)
    pkts = []
    for hbh in range(1, 201):
        src, ue, realm = (A, f"u{hbh % 8 + 1}@iot.example", "iwf.example")
        if hbh % 10 == 1:
            src = B
        elif hbh % 10 == 2:
            ue = "nobody@iot.example"  # 102
        elif hbh % 10 == 3:
            realm = "else.example"  # 3003
        elif hbh % 10 == 4:
            src = STRANGER  # dropped
        msg = dm.dar(hbh, f"scs.example;{hbh}", realm, ue, hbh, b"wake up")
        pkts.append(frames.udp4(GW_MAC, src, GW4, 40000, 3868, msg))
    frames.write_pcap(f"{work}/in.pcap", pkts)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def parse_prom(body):
    """{family: {"help", "type"}}, [(name, {labels}, value)], bad lines."""
    fam, samples, bad = {}, [], []
    for line in body.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            parts = line.split(" ", 3)
            fam.setdefault(parts[2], {})[parts[1].lower()] = parts[3] if len(parts) > 3 else ""
            continue
        m = SAMPLE.match(line)
        if not m:
            bad.append(line)
            continue
        labels = {}
        if m.group(2):
            rest = m.group(2)
            for lm in LABEL.finditer(rest):
                labels[lm.group(1)] = re.sub(r'\\(.)', lambda x: {"n": "\n"}.get(
                    x.group(1), x.group(1)), lm.group(2))
            if LABEL.sub("", rest):
                bad.append(line)
        samples.append((m.group(1), labels, int(m.group(3))))
    return fam, samples, bad


def telemetry(prefix, cmds):
    """The replies to cmds, one dict each."""
    script = shutil.which("dpdk-telemetry.py")
    if script:
        r = subprocess.run([script, "-f", prefix], input="\n".join(cmds) + "\n",
                           capture_output=True, text=True, timeout=30)
        lines = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
        # The first line is the connection's greeting.
        return [x for x in lines if not ("version" in x and "pid" in x)]
    path = f"/var/run/dpdk/{prefix}/dpdk_telemetry.v2"
    out = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.connect(path)
        greeting = json.loads(s.recv(1024).decode())
        size = greeting.get("max_output_len", 16384)
        for c in cmds:
            s.send(c.encode())
            out.append(json.loads(s.recv(size).decode()))
    return out


def final_counters(stdout):
    """The counters mtc-gw prints at its stop (non-zero ones)."""
    got = {}
    for line in stdout.splitlines():
        m = re.match(r"^  ([a-z0-9_]+) +([0-9]+)  ", line)
        if m:
            got[m.group(1)] = int(m.group(2))
    return got


def main():
    gw = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="mtc-metrics-")
    prefix = f"mtcgw-metrics-{os.getpid()}"
    port = free_port()
    setup(work, port)
    check = Checks()
    env = dict(os.environ)

    p = subprocess.Popen([gw, *eal_prefixed(prefix),
                          f"--vdev=net_pcap0,rx_pcap={work}/in.pcap,tx_pcap=/dev/null,"
                          "infinite_rx=1",
                          "--", "--config", f"{work}/gw.json", "--duration", "4"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    status = None
    for _ in range(100):  # until it serves (the start takes a moment under ASan)
        time.sleep(0.1)
        try:
            status, ctype, body = get(base + "/metrics")
            break
        except (urllib.error.URLError, ConnectionError):
            if p.poll() is not None:
                break
    if not check.check("/metrics served", status == 200, status):
        out, err = p.communicate(timeout=60)
        print(out[-2000:], err[-2000:])
        return check.done()
    time.sleep(1)  # traffic under way
    status, ctype, body = get(base + "/metrics")
    tel = telemetry(prefix, ["/mtcgw/counters", "/mtcgw/scs", "/mtcgw/counters,success",
                             "/mtcgw/worker,0", "/mtcgw/ports", "/mtcgw/store",
                             "/mtcgw/neigh", "/mtcgw/stages", "/mtcgw/scs,fleet-b"])
    nf_status, _, _ = get(base + "/other")
    out, err = p.communicate(timeout=120)
    print(out[-3000:], err[-2000:])
    check.check("mtc-gw exit status", p.returncode == 0, p.returncode)

    # Prometheus.
    check.check("/metrics 200", status == 200, status)
    check.check("content type 0.0.4", ctype.startswith("text/plain; version=0.0.4"), ctype)
    check.check("/other is 404", nf_status == 404, nf_status)
    fam, samples, bad = parse_prom(body)
    check.check("every line parses", not bad, bad[:5])
    for f in FAMILIES:
        check.check(f"family {f} with HELP and TYPE",
                    f in fam and fam[f].get("help") and fam[f].get("type") in ("counter", "gauge"),
                    fam.get(f))
    for name, _, _ in samples:
        check.check(f"sample {name} in a declared family", name in fam, name)
    req = {(s[1].get("kind"), s[1].get("reason")): s[2] for s in samples
           if s[0] == "mtcgw_requests_total"}
    check.check("successes counted", req.get(("success", "rs_0_success"), 0) > 0, req)
    check.check("refusals counted", req.get(("refusal", "rs_102_invextid"), 0) > 0, req)
    check.check("faults counted", req.get(("fault", "dar_3003"), 0) > 0, req)
    check.check("drops counted", req.get(("drop", "drop_unknown_source"), 0) > 0, req)
    check.check("kinds are the five", {k for k, _ in req} <= {"success", "refusal", "fault",
                                                              "drop"}, req.keys())
    scs_names = {s[1].get("scs") for s in samples if s[0].startswith("mtcgw_scs_")}
    check.check("per-SCS series named after the SCSs", scs_names == {"fleet-a", "fleet-b"},
                scs_names)
    check.check("per-SCS series carry kind and reason", all(
        "kind" in s[1] and "reason" in s[1] for s in samples
        if s[0] == "mtcgw_scs_requests_total"))
    check.check("no key in the body", not re.search(r"[0-9a-fA-F]{64}", body))
    check.check("no UE in the body", "iot.example" not in body and "00101" not in body)
    workers = [s[2] for s in samples if s[0] == "mtcgw_workers"]
    check.check("one worker", workers == [1], workers)

    # Telemetry, against the final counters.
    final = final_counters(out)
    names = ["counters", "scs", "counters,success", "worker,0", "ports", "store", "neigh",
             "stages", "scs,fleet-b"]
    if not check.check("a reply per telemetry command", len(tel) == len(names), tel):
        return check.done()
    rep = {n: (next(iter(t.values())) if isinstance(t, dict) else None)
           for n, t in zip(names, tel)}
    ctrs = rep["counters"] or {}
    check.check("/mtcgw/counters holds every counter", "rs_0_success" in ctrs and
                "rx_frames" in ctrs and "drop_unknown_source" in ctrs and len(ctrs) > 60,
                len(ctrs))
    check.check("/mtcgw/counters: successes while running", ctrs.get("rs_0_success", 0) > 0,
                ctrs.get("rs_0_success"))
    for k, v in ctrs.items():
        if v > 0:
            check.check(f"final {k} >= running", final.get(k, 0) >= v, (final.get(k), v))
    check.check("/mtcgw/counters,success: the success kind only",
                set((rep["counters,success"] or {}).keys()) ==
                {"rs_0_success", "rs_112_originalmessagesent"}, rep["counters,success"])
    w0 = rep["worker,0"] or {}
    check.check("/mtcgw/worker,0", w0.get("rx_frames", 0) > 0 and
                w0.get("rx_frames", 0) <= final.get("rx_frames", 0), w0.get("rx_frames"))
    scs = rep["scs"] or {}
    check.check("/mtcgw/scs: the provisioned SCSs",
                sorted(v.get("scs") for v in scs.values()) == ["fleet-a", "fleet-b"], scs)
    for v in scs.values():
        check.check(f"/mtcgw/scs {v.get('scs')}: at most the totals",
                    v.get("success", 0) <= final.get("rs_0_success", 0) and
                    v.get("requests", 0) <= final.get("rx_tsp", 0), v)
    check.check("/mtcgw/scs,fleet-b", (rep["scs,fleet-b"] or {}).get("scs") == "fleet-b",
                rep["scs,fleet-b"])
    ports = rep["ports"] or {}
    check.check("/mtcgw/ports", "0" in ports and ports["0"].get("ipackets", 0) > 0 and
                "imissed" in ports["0"] and "rx_nombuf" in ports["0"], ports)
    store = rep["store"] or {}
    check.check("/mtcgw/store", "refills" in store and store.get("last_refill_error") == 0,
                store)
    neigh = rep["neigh"] or {}
    check.check("/mtcgw/neigh", neigh.get("resolved") == 1 and
                neigh.get("mac") == "02:00:00:00:01:02", neigh)
    check.check("/mtcgw/stages is a dict", isinstance(rep["stages"], dict), rep["stages"])

    # The address in use: no start.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        cfg = json.load(open(f"{work}/gw.json"))
        cfg["prometheus"] = f"127.0.0.1:{busy}"
        json.dump(cfg, open(f"{work}/gw.json", "w"))
        r = subprocess.run([gw, *eal(256),
                            f"--vdev=net_pcap0,rx_pcap={work}/in.pcap,tx_pcap={work}/o2.pcap",
                            "--", "--config", f"{work}/gw.json", "--duration", "1"],
                           capture_output=True, text=True, timeout=60)
    check.check("address in use: exit 1 and a message naming it",
                r.returncode == 1 and f"127.0.0.1:{busy}" in r.stderr and
                "in use" in r.stderr, (r.returncode, r.stderr[-500:]))

    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(f"/var/run/dpdk/{prefix}", ignore_errors=True)
    return check.done()


if __name__ == "__main__":
    sys.exit(main())
