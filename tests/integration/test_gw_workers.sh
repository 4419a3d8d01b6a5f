#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Two workers, one UE population: mtc-gw on two lcores, its net_pcap port
# with two queues that each replay the same DARs (8,000 valid triggers for
# 3 UEs), so that both workers take COUNTs from the same UEs at the same
# time. The two output files, merged, go to mtc-uecheck, which opens every
# A3-PDU as its UE would and fails on any COUNT used twice. (With the
# single-worker COUNT path forced on both workers, every run of this test
# found 14 to 45 COUNTs used twice.)
#   test_gw_workers.sh MTC_GW MTC_PROVGEN MTC_TRAFGEN MTC_UECHECK
set -eu
gw=$1 provgen=$2 trafgen=$3 uecheck=$4
# Two lcores need two CPUs; meson counts 77 as skipped.
[ "$(nproc)" -ge 2 ] || { echo "skipped: fewer than two CPUs"; exit 77; }
work=$(mktemp -d /tmp/mtc-workers.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$provgen" --ues 3 --out-dir "$work" --seed 5 >/dev/null
"$trafgen" --provision "$work/provision.jsonl" --config "$work/config.json" \
	--out "$work/in.pcap" --count 8000 --mix valid --seed 5 >/dev/null
"$gw" --no-huge -m 512 --no-pci -l 0,1 --no-shconf --log-level='*:error' \
	--vdev "net_pcap0,rx_pcap=$work/in.pcap,rx_pcap=$work/in.pcap,tx_pcap=$work/out0.pcap,tx_pcap=$work/out1.pcap" \
	-- --config "$work/config.json" --duration 1 --quiet
mergecap -w "$work/out.pcap" "$work/out0.pcap" "$work/out1.pcap"
# Both workers must have delivered triggers, or the test proves nothing.
for q in 0 1; do
	n=$("$uecheck" --pcap "$work/out$q.pcap" --provision "$work/provision.jsonl" \
		--config "$work/config.json" --loop | awk '$1 == "DTRs" { print $2 }')
	echo "worker $q: ${n:-0} DTRs"
	if [ "${n:-0}" -lt 500 ]; then
		echo "worker $q delivered fewer than 500 DTRs"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
# --loop: each DAR came twice, once per queue.
if "$uecheck" --pcap "$work/out.pcap" --provision "$work/provision.jsonl" \
	--config "$work/config.json" --loop; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi
