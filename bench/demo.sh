#!/bin/sh
# The main job: installs what is missing, builds the release tree, and runs
# the gateway on DPDK virtual devices (net_pcap, no NIC, no hugepages, the
# embedded COUNT store): 100,000 UEs provisioned over every EEA/EIA pair, a
# few SCSs, trigger traffic (valid and every kind of refusal) looped through
# it for a few seconds with a statistics line a second, changed live through
# gwctl while it runs (a UE and an SCS added, read back, the gateway's
# figures); then every answer is checked and every delivered A3-PDU opened
# as its UE would, payload and all.
#
#   bench/demo.sh [UES [SECONDS]]
set -eu
cd "$(dirname "$0")/.."

ues=${1:-100000}
secs=${2:-3}

.ci/install-deps
[ -d build ] || meson setup build
ninja -C build

work=$(mktemp -d /tmp/mtc-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
tools=build/bench/tools

echo
echo "== 1. provisioning: $ues UEs over the nine EEA/EIA pairs, three SCSs"
$tools/mtc-provgen --ues "$ues" --out-dir "$work" --seed 7

echo "== 2. traffic: 2,000 DARs, half valid, half every kind of refusal and drop"
$tools/mtc-trafgen --provision "$work/provision.jsonl" --config "$work/config.json" \
	--out "$work/in.pcap" --count 2000 --mix all --seed 7 --expect "$work/expect.jsonl"

echo "== 3. mtc-gw on net_pcap (looping the traffic), $secs seconds, changed live"
prefix=mtcdemo$$
build/gw/mtc-gw/mtc-gw --no-huge -m 1024 --no-pci -l 0 --no-shconf --log-level='*:error' \
	--file-prefix "$prefix" \
	--vdev "net_pcap0,rx_pcap=$work/in.pcap,tx_pcap=$work/out.pcap,infinite_rx=1" \
	-- --config "$work/config.json" --stats 1 --duration "$secs" >"$work/gw.log" 2>&1 &
gw=$!
tail -f "$work/gw.log" --pid=$gw &
i=0
until grep -q "running on" "$work/gw.log"; do
	kill -0 $gw 2>/dev/null || { wait $gw; exit 1; }
	i=$((i + 1)); [ $i -lt 600 ] || { kill $gw; exit 1; }
	sleep 0.1
done
gwctl="build/gw/gwctl/gwctl --prefix $prefix"
# A UE in the first SCS's first group, and an SCS on sources the traffic
# does not use: the traffic's expected answers stay as they are.
python3 - "$work/provision.jsonl" >"$work/live.jsonl" <<'PY'
import json, os, sys
scs = next(json.loads(l) for l in open(sys.argv[1]) if '"scs"' in l)
print(json.dumps({"ue": "001019999999999", "external_id": "live-1@demo.example",
                  "k_iwf": os.urandom(32).hex(), "ksi": 3, "eea": 2, "eia": 2,
                  "groups": scs["groups"][:1]}))
print(json.dumps({"scs": "live-fleet", "sources": ["192.0.2.0/24"],
                  "groups": scs["groups"][:1], "rate": 100}))
PY
echo "-- gwctl, while it runs:"
grep '"ue"' "$work/live.jsonl" | $gwctl ue add -
grep '"scs"' "$work/live.jsonl" | $gwctl scs add -
$gwctl ue show 001019999999999
$gwctl group list
$gwctl counters --scs live-fleet | head -3
$gwctl health
wait $gw

echo
echo "== 4. the other side: every answer checked, every A3-PDU opened by its UE"
$tools/mtc-uecheck --pcap "$work/out.pcap" --provision "$work/provision.jsonl" \
	--expect "$work/expect.jsonl" --config "$work/config.json" --loop
