#!/bin/sh
# The main job: installs what is missing, builds the release tree, and runs
# the gateway on DPDK virtual devices (net_pcap, no NIC, no hugepages, the
# embedded COUNT store): 100,000 UEs provisioned over every EEA/EIA pair, a
# few SCSs, trigger traffic (valid and every kind of refusal) looped through
# it for a few seconds with a statistics line a second; then every answer is
# checked and every delivered A3-PDU opened as its UE would, payload and all.
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

echo "== 3. mtc-gw on net_pcap (looping the traffic), $secs seconds"
build/gw/mtc-gw/mtc-gw --no-huge -m 1024 --no-pci -l 0 --no-shconf --log-level='*:error' \
	--vdev "net_pcap0,rx_pcap=$work/in.pcap,tx_pcap=$work/out.pcap,infinite_rx=1" \
	-- --config "$work/config.json" --stats 1 --duration "$secs"

echo
echo "== 4. the other side: every answer checked, every A3-PDU opened by its UE"
$tools/mtc-uecheck --pcap "$work/out.pcap" --provision "$work/provision.jsonl" \
	--expect "$work/expect.jsonl" --config "$work/config.json" --loop
