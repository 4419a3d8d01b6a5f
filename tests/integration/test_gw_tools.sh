#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# mtc-gw between the tools, one pass: mtc-provgen's UEs and SCSs,
# mtc-trafgen's DARs (valid and every kind of refusal and drop), the gateway
# on net_pcap, and mtc-uecheck holding every answer to what was expected and
# opening every A3-PDU.
#   test_gw_tools.sh MTC_GW MTC_PROVGEN MTC_TRAFGEN MTC_UECHECK
set -eu
gw=$1 provgen=$2 trafgen=$3 uecheck=$4
work=$(mktemp -d /tmp/mtc-tools.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$provgen" --ues 2000 --out-dir "$work" --seed 11 >/dev/null
"$trafgen" --provision "$work/provision.jsonl" --config "$work/config.json" \
	--out "$work/in.pcap" --count 3000 --mix all --seed 11 --expect "$work/expect.jsonl" >/dev/null
"$gw" --no-huge -m 256 --no-pci -l 0 --no-shconf --log-level='*:error' \
	--vdev "net_pcap0,rx_pcap=$work/in.pcap,tx_pcap=$work/out.pcap" \
	-- --config "$work/config.json" --duration 2 --quiet
if "$uecheck" --pcap "$work/out.pcap" --provision "$work/provision.jsonl" \
	--expect "$work/expect.jsonl" --config "$work/config.json"; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi
