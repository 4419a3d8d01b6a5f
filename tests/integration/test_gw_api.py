#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The admin socket of a running mtc-gw at its edges: a line that is not
JSON is answered and the connection goes on; a request over 64 MiB is
refused and the connection closed; a peer that is neither root nor the
gateway's user is refused (SO_PEERCRED) even when the socket's mode lets it
connect; a seventeenth connection is closed; SIGHUP imports the
provisioning file again; --check and --help.

usage: test_gw_api.py MTC_GW"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, eal  # noqa: E402


def ue(i):
    return {"ue": f"0010100000{i:05d}", "external_id": f"ue-{i}@api.example",
            "k_iwf": os.urandom(32).hex(), "ksi": 1, "eea": 2, "eia": 2, "groups": ["g"]}


def request(sock, obj_or_text):
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
    sock.sendall(text.encode() + b"\n")
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    return json.loads(buf)


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s


def as_nobody(path):
    """In a child that drops to uid 65534: the answer to one request."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            os.setgid(65534)
            os.setuid(65534)
            s = connect(path)
            a = request(s, {"v": 1, "op": "health"})
            os.write(w, json.dumps(a).encode())
        except Exception as e:  # noqa: BLE001 - reported to the parent
            os.write(w, json.dumps({"exception": str(e)}).encode())
        os._exit(0)
    os.close(w)
    out = b""
    while chunk := os.read(r, 65536):
        out += chunk
    os.waitpid(pid, 0)
    return json.loads(out or b"null")


def main():
    gw_bin = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="mtc-api-")
    sock = f"{work}/api.sock"
    check = Checks()
    with open(f"{work}/prov.jsonl", "w") as f:
        f.write(json.dumps({"scs": "fleet", "sources": ["198.18.0.10/32"],
                            "groups": ["g"]}) + "\n")
        f.write(json.dumps(ue(0)) + "\n")
    cfg = {"origin_host": "iwf.example", "origin_realm": "example",
           "tsp": {"port": 0, "ipv4": "198.18.0.1"},
           "t4": {"port": 0, "peer_ipv4": "198.18.1.2", "peer_mac": "02:00:00:00:01:02",
                  "destination_realm": "smsc.example"},
           "data_dir": "data", "provision": "prov.jsonl", "api_socket": sock,
           "max_ues": 10000}
    json.dump(cfg, open(f"{work}/gw.json", "w"))
    base = [gw_bin, *eal(), f"--file-prefix=mtca{os.getpid()}", "--vdev=net_null0", "--"]

    # --help and --check
    r = subprocess.run([gw_bin, "--help"], capture_output=True, text=True, timeout=60)
    check.check("--help: exit 0, the gateway's options", r.returncode == 0 and
                "--check" in r.stdout and "--config" in r.stdout, r.stdout[-500:])
    r = subprocess.run(base + ["--check", "--config", f"{work}/gw.json"],
                       capture_output=True, text=True, timeout=60)
    check.check("--check: good files", r.returncode == 0 and "good" in r.stdout,
                r.stdout + r.stderr)
    with open(f"{work}/bad.jsonl", "w") as f:
        f.write(open(f"{work}/prov.jsonl").read())
        f.write(json.dumps(dict(ue(1), groups=["nope"])) + "\n")
    json.dump(dict(cfg, provision="bad.jsonl"), open(f"{work}/bad.json", "w"))
    r = subprocess.run(base + ["--check", "--config", f"{work}/bad.json"],
                       capture_output=True, text=True, timeout=60)
    check.check("--check: the bad line named", r.returncode == 1 and "line 3" in r.stderr and
                "nope" in r.stderr, r.stderr)
    check.check("--check wrote no store", not os.path.exists(f"{work}/data"))

    gw = subprocess.Popen(base + ["--config", f"{work}/gw.json"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    try:
        for line in gw.stdout:
            if "running on" in line:
                break
        st = os.stat(sock)
        check.check("socket mode 0600", st.st_mode & 0o777 == 0o600, oct(st.st_mode))
        s = connect(sock)
        a = request(s, "{not json")
        check.check("not JSON: bad_request", a and a["error"]["code"] == "bad_request", a)
        a = request(s, {"v": 1, "id": 4, "op": "health"})
        check.check("the connection goes on", a and a["ok"] and a["id"] == 4, a)
        a = request(s, {"v": 2, "op": "health"})
        check.check("v 2: version", a and a["error"]["code"] == "version", a)
        a = request(s, {"v": 1, "op": "ue.show", "data": {"ue": ue(0)["ue"]}})
        check.check("ue.show of a provisioned UE", a and a["ok"] and
                    a["result"]["external_id"] == "ue-0@api.example", a)
        s.close()

        # a batch of ue.add framed as gwctl frames it, large enough that the
        # gateway's fast reading of it grows its arrays; and one line in it
        # that is not the usual shape (an escaped key): read the general way
        ops = [json.dumps({"op": "ue.add", "data": dict(ue(2 + i), ue=f"00103{i:010d}",
                                                        external_id=f"b-{i}@api.example")},
                          separators=(",", ":")) for i in range(3000)]
        ops[1500] = ops[1500].replace('"ue":', '"\\u0075e":', 1)
        s = connect(sock)
        a = request(s, '{"v":1,"id":77,"op":"batch","ops":[' + ",".join(ops) + "]}")
        check.check("a batch of 3,000 ue.add: all applied", a and a["ok"] and a["id"] == 77 and
                    a["result"]["applied"] == 3000, str(a)[:300])
        for i in (0, 1023, 1024, 1500, 2999):
            a = request(s, {"v": 1, "op": "ue.show", "data": {"ue": f"00103{i:010d}"}})
            check.check(f"batch UE {i} in force, its identifier as sent",
                        a and a["ok"] and a["result"]["external_id"] == f"b-{i}@api.example", a)
        a = request(s, '{"v":1,"id":78,"op":"batch","ops":[' + ",".join(ops[:10]) + "]}")
        check.check("the same again: exists, nothing changed", a and not a["ok"] and
                    a["error"]["code"] == "exists" and a["error"]["index"] == 0, a)
        s.close()

        # over 64 MiB without a newline
        s = connect(sock)
        chunk, sent, closed = b" " * (1 << 20), 0, False
        try:
            while sent < (65 << 20):
                s.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        buf = b""
        try:
            while chunk := s.recv(65536):
                buf += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        a = json.loads(buf.split(b"\n")[0]) if buf else None
        check.check("over 64 MiB: too_large, then closed",
                    (a and a["error"]["code"] == "too_large") or closed, (a, closed))
        s.close()

        # a peer that is not allowed, with a socket it may connect to
        os.chmod(sock, 0o666)
        os.chmod(work, 0o755)
        a = as_nobody(sock)
        check.check("another user: denied", a and a.get("error", {}).get("code") == "denied", a)
        os.chmod(sock, 0o600)

        # seventeen connections: one too many
        conns = [connect(sock) for _ in range(17)]
        time.sleep(0.2)
        alive = 0
        for c in conns:
            try:
                alive += request(c, {"v": 1, "op": "health"}) is not None
            except OSError:
                pass
            c.close()
        check.check("at most 16 connections served", alive == 16, alive)

        # SIGHUP: the file imported again, the new UE added, the old kept
        with open(f"{work}/prov.jsonl", "a") as f:
            f.write(json.dumps(ue(1)) + "\n")
        gw.send_signal(signal.SIGHUP)
        deadline, seen = time.time() + 10, ""
        while time.time() < deadline:
            line = gw.stdout.readline()
            seen += line
            if "SIGHUP" in line:
                break
        check.check("SIGHUP: imported, one UE added, one left", "1 UE(s) added" in seen and
                    "1 UE(s) in force left" in seen, seen)
        s = connect(sock)
        a = request(s, {"v": 1, "op": "ue.show", "data": {"ue": ue(1)["ue"]}})
        check.check("the UE the SIGHUP added is in force", a and a["ok"], a)
        s.close()
    finally:
        gw.send_signal(signal.SIGTERM)
        rest, _ = gw.communicate(timeout=30)
    check.check("mtc-gw exit status", gw.returncode == 0, rest[-1000:])
    check.check("socket removed at the stop", not os.path.exists(sock))

    # SIGTERM during a long start-up import: honoured within a second or two
    with open(f"{work}/big.jsonl", "w") as f:
        f.write(json.dumps({"scs": "fleet", "sources": ["198.18.0.10/32"],
                            "groups": ["g"]}) + "\n")
        for i in range(400000):
            f.write(json.dumps(dict(ue(i), ue=f"00102{i:010d}",
                                    external_id=f"big-{i}@api.example")) + "\n")
    json.dump(dict(cfg, provision="big.jsonl", data_dir="data-big", max_ues=0),
              open(f"{work}/big.json", "w"))
    gw = subprocess.Popen(base + ["--config", f"{work}/big.json"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    time.sleep(0.5)
    t0 = time.time()
    gw.send_signal(signal.SIGTERM)
    out, _ = gw.communicate(timeout=60)
    took = time.time() - t0
    check.check("SIGTERM during the import: stopped within 2 s, exit 0",
                took < 2 and gw.returncode == 0 and "stopped at line" in out,
                (round(took, 2), gw.returncode, out[-500:]))
    return check.done()


if __name__ == "__main__":
    sys.exit(main())
