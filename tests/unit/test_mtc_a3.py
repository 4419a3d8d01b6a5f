#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mtc-a3's interface, as outside checks rely on it: every vector through
derive, protect and open, and the exit status of every kind of bad input."""
import json
import subprocess
import sys

tool, vectors = sys.argv[1], sys.argv[2]
passed = failed = 0


def run(*args):
    p = subprocess.run([tool, *map(str, args)], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


kdf = json.load(open(f"{vectors}/kdf.json"))
for k in kdf["keys"]:
    rc, out, _ = run("derive", "--kasme", kdf["K_ASME"], "--nonce", kdf["NONCE_iwf"],
                     "--eea", k["alg_id"], "--eia", k["alg_id"])
    check("derive kasme", rc == 0 and json.loads(out) == {
        "k_iwf": kdf["K_iwf"], "k_di_conf": k["K_di_conf"], "k_di_int": k["K_di_int"]}, out)
for k in kdf["direct"]["keys"]:
    rc, out, _ = run("derive", "--kiwf", kdf["direct"]["K_iwf"], "--eea", k["alg_id"],
                     "--eia", k["alg_id"])
    check("derive kiwf", rc == 0 and json.loads(out)["k_di_int"] == k["K_di_int"], out)

for v in json.load(open(f"{vectors}/a3-pdu.json")):
    keys = ["--kiwf", v["K_iwf"], "--ksi", v["ksi"], "--eea", v["eea"], "--eia", v["eia"]]
    null = ["--allow-null"] if 0 in (v["eea"], v["eia"]) else []
    args = ["protect", *keys, *null, "--count", v["count"], "--ref", v["reference_number"],
            "--expiry", v["expiry"], "--port", v["application_port"],
            "--scs-id", v["scs_identity"], "--payload", v["payload"]]
    if v["priority"]:
        args.append("--priority")
    rc, out, err = run(*args)
    check("protect", rc == 0 and out == v["pdu"] + "\n", f"{v['count']}: {out} {err}")
    if null:
        rc, _, err = run(*[a for a in args if a != "--allow-null"])
        check("protect null refused", rc == 2 and "null" in err, err)

    rc, out, _ = run("open", *keys, *null, "--now", 0, v["pdu"], v["pdu"])
    lines = [json.loads(l) for l in out.splitlines()]
    want = {"ok": True, "count": v["count"], "ref": v["reference_number"],
            "expiry": v["expiry"], "port": v["application_port"],
            "priority": v["priority"], "scs_id": v["scs_identity"], "payload": v["payload"]}
    check("open", rc == 1 and lines == [want, {"ok": False, "error": "replay"}], out)

    if v["expiry"]:
        rc, out, _ = run("open", *keys, *null, "--now", v["expiry"] + 1, v["pdu"])
        check("open expired", rc == 1 and json.loads(out)["error"] == "expired", out)
    tampered = v["pdu"][:-1] + ("0" if v["pdu"][-1] != "0" else "1")
    wrong_ksi = v["pdu"][:2] + "%x" % ((v["ksi"] + 1) % 15) + v["pdu"][3:]
    wrong_alg = v["pdu"][:4] + "%x" % ((v["eea"] % 3) + 1) + v["pdu"][5:]
    rc, out, _ = run("open", *keys, *null, "--now", 0, tampered, wrong_ksi, wrong_alg,
                     v["pdu"][:-2], "21" + v["pdu"][2:], v["pdu"])
    errs = [json.loads(l).get("error") for l in out.splitlines()]
    check("open refusals", rc == 1 and errs == ["mac", "ksi", "alg", "header", "header", None],
          out)

K = kdf["direct"]["K_iwf"]
base = ["--kiwf", K, "--ksi", 1, "--eea", 2, "--eia", 2]
bad = [
    ["derive", "--kiwf", K[:-2], "--eea", 2, "--eia", 2],
    ["derive", "--kiwf", K, "--kasme", K, "--nonce", "00" * 16, "--eea", 2, "--eia", 2],
    ["derive", "--kasme", K, "--eea", 2, "--eia", 2],
    ["derive", "--kiwf", K, "--eea", 4, "--eia", 2],
    ["protect", *base, "--count", 1, "--ref", 1, "--payload", "abc"],
    ["protect", *base, "--count", 1, "--ref", 1, "--payload", "zz"],
    ["protect", *base, "--count", 1, "--ref", 1],
    ["protect", *base, "--count", 4294967296, "--ref", 1, "--payload", ""],
    ["protect", *base, "--count", -1, "--ref", 1, "--payload", ""],
    ["protect", *base, "--count", 1, "--ref", 1, "--scs-id", "00" * 65, "--payload", ""],
    ["protect", "--kiwf", K, "--ksi", 15, "--eea", 2, "--eia", 2, "--count", 1, "--ref", 1,
     "--payload", ""],
    ["protect", "--kiwf", K, "--ksi", 1, "--eea", 2, "--eia", 7, "--count", 1, "--ref", 1,
     "--payload", ""],
    ["protect", *base, "--count", 1, "--ref", 1, "--payload", "", "--bogus"],
    ["open", *base],
    ["open", *base, "abc"],
    ["open", *base, "--now", "x", "11"],
    ["frobnicate"],
    [],
]
for args in bad:
    rc, out, err = run(*args)
    check("bad arguments", rc == 2 and out == "" and err.startswith("mtc-a3: ")
          or (not args and rc == 2), f"{args}: rc={rc} {err}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
