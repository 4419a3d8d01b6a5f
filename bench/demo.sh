#!/bin/sh
# The main job: installs what is missing, builds the release tree and shows
# the gateway's A3 core at work: keys derived from the 3GPP KDF, a trigger
# protected and opened again by the UE side, a forged one refused, then the
# A3 benchmark against the raw intel-ipsec-mb ceiling and OpenSSL.
set -eu
cd "$(dirname "$0")/.."

.ci/install-deps
[ -d build ] || meson setup build
ninja -C build

a3=build/gw/mtc-a3/mtc-a3
kiwf=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

echo "== key hierarchy for one UE (K_iwf -> K_di_conf, K_di_int; EEA2/EIA2)"
$a3 derive --kiwf $kiwf --eea 2 --eia 2

echo "== a device trigger protected by the gateway (KSI 1, COUNT 7)"
pdu=$($a3 protect --kiwf $kiwf --ksi 1 --eea 2 --eia 2 --count 7 --ref 1001 \
	--port 9200 --scs-id 2b3135353530313030 --priority \
	--payload "$(printf 'wake up and report' | od -An -tx1 | tr -d ' \n')")
echo "$pdu"

echo "== the UE opens it, then refuses its replay and a forged copy"
last=${pdu#"${pdu%?}"}
if [ "$last" = 0 ]; then forged="${pdu%?}1"; else forged="${pdu%?}0"; fi
$a3 open --kiwf $kiwf --ksi 1 --eea 2 --eia 2 "$pdu" "$pdu" "$forged" || true

echo "== A3 benchmark (cycles per trigger; one run, ratios against the raw ceiling)"
exec build/bench/a3/bench_a3 --json build/bench/a3/a3.json "$@"
