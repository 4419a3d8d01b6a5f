#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""gwctl's interface against a stand-in gateway on a Unix socket: the exit
status of each kind of failure, the requests each command sends, the file
line a refused batch is reported at, keys kept off the output."""
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading

tool = sys.argv[1]
passed = failed = 0
KIWF = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
requests = []  # every request the stand-in received, parsed


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


RESULTS = {
    "stats": {"uptime_s": 5, "workers": 2, "ues": 3, "scs": 1, "policy_generation": 3,
              "totals": {"dar": 10, "dtr": 7}, "rates": {"dar": 2.0, "dtr": 1.5}},
    "health": {"status": "ok", "workers": 2,
               "count_store": {"refill_errors": 0, "last_error": None}, "policy_generation": 3},
    "ue.show": {"ue": "001010000000001", "external_id": "m@x", "msisdn": "1555", "ksi": 1,
                "eea": 2, "eia": 2, "groups": ["meters", "b"], "suspended": False,
                "count_next": 4096, "count_bound": 8192},
    "scs.show": [{"scs": "fleet-a", "id": 1, "sources": ["198.18.0.0/24"], "rate": 100000},
                 {"scs": "b", "id": 2, "sources": [], "rate": 0}],
    "group.list": [{"group": "meters", "bit": 0, "scs": 1, "ues": 3}],
    "counters": {"counters": [{"name": "dar", "kind": "rx", "value": 10}]},
    "config.show": {"workers": 2},
    "ue.update": {}, "ue.rekey": {}, "scs.update": {"id": 4},
}


def answer(req):
    a = {"v": 1, "id": req.get("id")}
    op = req.get("op")
    if op == "batch":
        for i, o in enumerate(req["ops"]):
            if o["data"].get("ue") == "fail" or o["data"].get("scs") == "fail":
                return {**a, "ok": False, "error": {
                    "code": "invalid", "message": f"ops[{i}] {o['op']}: ue: not an IMSI",
                    "index": i}}
        return {**a, "ok": True, "result": {"applied": len(req["ops"])}}
    if op == "ue.show" and req["data"]["ue"] == "nope":
        return {**a, "ok": False, "error": {"code": "not_found", "message": "ue: no such UE"}}
    return {**a, "ok": True, "result": RESULTS[op]}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        if self.server.deny:
            self.wfile.write(b'{"v":1,"id":null,"ok":false,"error":{"code":"denied",'
                             b'"message":"peer not allowed"}}\n')
            return
        for line in self.rfile:
            req = json.loads(line)
            requests.append(req)
            self.wfile.write(json.dumps(answer(req)).encode() + b"\n")


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    deny = False


tmp = tempfile.mkdtemp()
sock = os.path.join(tmp, "gw.sock")
srv = Server(sock, Handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()


def run(*args, stdin="", env=None, sock_opt=True):
    requests.clear()
    argv = [tool] + (["--socket", sock] if sock_opt else []) + list(map(str, args))
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                       env={**os.environ, **(env or {})}, timeout=60)
    check(f"sanitizers {args}", "runtime error" not in p.stderr and "Sanitizer" not in p.stderr,
          p.stderr)
    return p.returncode, p.stdout, p.stderr


def write(name, lines):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write("".join(lines))
    return path


def ue(imsi):
    return json.dumps({"ue": imsi, "k_iwf": KIWF, "ksi": 1, "eea": 2, "eia": 2}) + "\n"


# Usage and exit statuses.
for h in ("--help", "-h"):
    rc, out, err = run(h, sock_opt=False)
    check(h, rc == 0 and out.startswith("usage: gwctl") and "ue import FILE" in out, out + err)
rc, out, err = run("--bogus", "stats", sock_opt=False)
check("wrong option", rc == 2 and out == "" and "usage: gwctl" in err, err)
rc, out, err = run("ue", "update", "001010000000001")
check("nothing to change", rc == 2 and "ue update IMSI" in err and "scs" not in err, err)
rc, out, err = run("--prefix", "p", "stats")
check("--socket and --prefix", rc == 2, err)
rc, out, err = run("--socket", os.path.join(tmp, "none.sock"), "health", sock_opt=False)
check("unreachable", rc == 3 and "none.sock: No such file or directory" in err, err)
rc, out, err = run("--prefix", "gwctl-test-none", "health", sock_opt=False)
check("prefix path", rc == 3 and "/run/mtc-gw/gwctl-test-none.sock" in err
      and "--file-prefix" in err, err)
rc, out, err = run("health", sock_opt=False, env={"MTC_GW_SOCKET": sock})
check("MTC_GW_SOCKET", rc == 0 and out == "ok: 2 workers, policy generation 3\n", out + err)

# Reads, readable and --json.
rc, out, err = run("ue", "show", "001010000000001")
check("ue show", rc == 0 and "ksi:         1\n" in out and "groups:      meters,b\n" in out, out)
check("ue show request", requests and requests[0]["v"] == 1 and isinstance(requests[0]["id"], int)
      and requests[0]["op"] == "ue.show", requests)
rc, out, err = run("--json", "ue", "show", "001010000000001")
check("ue show --json", rc == 0 and json.loads(out) == RESULTS["ue.show"]
      and out.count("\n") == 1, out)
rc, out, err = run("ue", "show", "nope")
check("refused", rc == 1 and err == "gwctl: ue: no such UE\n", err)
rc, out, err = run("--json", "ue", "show", "nope")
check("refused --json", rc == 1 and json.loads(out)["code"] == "not_found", out)
rc, out, err = run("scs", "show")
rows = out.splitlines()
check("scs show", rc == 0 and rows[0].split() == ["SCS", "ID", "SOURCES", "RATE"]
      and rows[1].index("1 ") == rows[0].index("ID") and rows[2].startswith("b ")
      and " - " in rows[2], out)
rc, out, err = run("stats")
check("stats", rc == 0 and "workers:           2" in out and "dar   10     2.0" in out, out)
for cmd, want in ((["group", "list"], "meters"), (["counters", "--worker", "0"], "rx"),
                  (["config", "show"], '"workers": 2')):
    rc, out, err = run(*cmd)
    check(" ".join(cmd), rc == 0 and want in out, out + err)

# Changes.
rc, out, err = run("ue", "update", "001010000000001", "--group", "a", "--suspend")
check("ue update", rc == 0 and out == "updated 001010000000001\n" and requests[0]["data"] ==
      {"ue": "001010000000001", "groups": ["a"], "suspended": True}, out + str(requests))
rc, out, err = run("ue", "delete", "1", "2", "3")
check("ue delete", rc == 0 and out == "deleted 3 UEs\n" and len(requests[0]["ops"]) == 3, out)
rc, out, err = run("scs", "update", "x", "--rate", "5")
check("scs update", rc == 0 and out == "updated x (id 4)\n" and requests[0]["data"] ==
      {"scs": "x", "rate": 5}, out)

# Rekey: the key from stdin or a file, never echoed.
rc, out, err = run("ue", "rekey", "001010000000001", "--ksi", "2", stdin=KIWF + "\n")
check("rekey", rc == 0 and out == "rekeyed 001010000000001 to KSI 2\n"
      and requests[0]["data"]["k_iwf"] == KIWF, out + err)
kf = write("key.json", [json.dumps({"k_asme": KIWF, "nonce": KIWF[:32]})])
rc, out, err = run("ue", "rekey", "001010000000001", "--ksi", "3", "--key-file", kf)
check("rekey file", rc == 0 and requests[0]["data"]["nonce"] == KIWF[:32], out + err)
rc, out, err = run("ue", "rekey", "001010000000001", "--ksi", "2", stdin=KIWF[:-1] + "z\n")
check("rekey bad hex", rc == 2 and KIWF[:16] not in err and not requests, err)

# ue add: one batch, a refusal named by its line.
rc, out, err = run("ue", "add", stdin="# three\n" + ue("1") + "\n" + ue("2") + ue("3"))
check("ue add", rc == 0 and out == "added 3 UEs\n" and len(requests) == 1
      and [o["op"] for o in requests[0]["ops"]] == ["ue.add"] * 3
      and KIWF not in out + err, out + err)
f = write("add.jsonl", [ue("1"), "# x\n", ue("fail"), ue("3")])
rc, out, err = run("ue", "add", f)
check("ue add refused", rc == 1 and err == f"gwctl: {f}: line 3: ops[1] ue.add: ue: not an IMSI\n",
      err)
rc, out, err = run("ue", "add", stdin=json.dumps({"scs": "x"}) + "\n")
check("ue add scs line", rc == 1 and "line 1: an SCS line" in err and not requests, err)
rc, out, err = run("scs", "add", stdin=json.dumps({"scs": "x"}) + "\n")
check("scs add", rc == 0 and out == "added 1 SCS\n", out + err)

# ue import: the SCS lines first, then the UEs in batches.
lines = [ue(str(i)) for i in range(5)]
lines.insert(3, json.dumps({"scs": "late", "groups": ["g"]}) + "\n")
f = write("import.jsonl", ["# provisioning\n"] + lines)
rc, out, err = run("ue", "import", f, "--batch", "2")
ops = [[o["op"] for o in r["ops"]] for r in requests]
check("import", rc == 0 and ops == [["scs.add"], ["ue.add"] * 2, ["ue.add"] * 2, ["ue.add"]]
      and out.startswith("imported 5 UEs and 1 SCSs in "), out + err + str(ops))
check("import ids", len({r["id"] for r in requests}) == len(requests), requests)
lines[4] = ue("fail")  # line 6 of the file, after the SCS: the second UE of the second batch
f = write("import-bad.jsonl", ["# provisioning\n"] + lines)
rc, out, err = run("ue", "import", f, "--batch", "2")
check("import refused", rc == 1 and f"{f}: line 6: ops[1] ue.add" in err
      and "lines 4 to 6 not applied; 2 UEs and 1 SCSs imported" in err and len(requests) == 3,
      err)
rc, out, err = run("ue", "import", "-")
check("import stdin", rc == 2 and "not stdin" in err, err)
rc, out, err = run("ue", "import", "/dev/null")
check("import pipe", rc == 2 and "not a regular file" in err and not requests, err)

# A peer the gateway will not serve.
srv.deny = True
rc, out, err = run("stats")
check("denied", rc == 1 and err == "gwctl: peer not allowed\n", err)
srv.shutdown()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
