#!/bin/sh
# The tools checked against each other without the gateway: mtc-provgen
# writes 200 UEs, mtc-trafgen 500 frames of every kind with their expected
# outcomes, fake_gw answers and delivers them as the contract says, and
# mtc-uecheck must accept that output and refuse three doctored ones (a
# PDU octet flipped, a DTR replayed, an answer with the wrong status).
#
# usage: tools_roundtrip.sh MTC_PROVGEN MTC_TRAFGEN MTC_UECHECK FAKE_GW WORKDIR
set -eu
provgen=$1 trafgen=$2 uecheck=$3 fake_gw=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
fail=0

"$provgen" --ues 200 --out-dir "$work" --seed 7
"$trafgen" --provision "$work/provision.jsonl" --config "$work/config.json" \
	--out "$work/in.pcap" --count 500 --mix all --seed 11 --expect "$work/expect.jsonl"

# Every kind of frame is in the file at least once.
for kind in "valid" "5015" "5014" "3001" "3007" "5005 no Session" "5005 no Reference" \
	"5005 no identifier" "5009" "5004 Action" "5004 Priority" "5001" "3003" \
	"101 too long" "101 denied" "102" "103 bad" "103 no" "104" "105" "110" "111" \
	"112 recall" "112 replace" "unknown_source" "bad_port" "ip_fragment" "bad_ip_csum" \
	"bad_udp_csum" "dar_version" "dar_not_request"; do
	if ! grep -q "\"kind\":\"[^\"]*$kind\|\"drop\":\"$kind\"" "$work/expect.jsonl"; then
		echo "FAIL: no frame of kind \"$kind\""
		fail=1
	fi
done
[ "$(wc -l <"$work/expect.jsonl")" -eq 500 ] || { echo "FAIL: expect lines"; fail=1; }

# The same seed gives the same file.
"$trafgen" --provision "$work/provision.jsonl" --config "$work/config.json" \
	--out "$work/again.pcap" --count 500 --mix all --seed 11 --expect "$work/again.jsonl" >/dev/null
cmp -s "$work/expect.jsonl" "$work/again.jsonl" && cmp -s "$work/in.pcap" "$work/again.pcap" ||
	{ echo "FAIL: mtc-trafgen is not reproducible"; fail=1; }

check() { # name, expected exit status, fake_gw faults..., then the output must contain $want
	name=$1 want_rc=$2
	shift 2
	"$fake_gw" "$work/in.pcap" "$work/expect.jsonl" "$work/provision.jsonl" \
		"$work/out-$name.pcap" "$@"
	rc=0
	"$uecheck" --pcap "$work/out-$name.pcap" --provision "$work/provision.jsonl" \
		--config "$work/config.json" --expect "$work/expect.jsonl" \
		--json "$work/$name.json" >"$work/$name.txt" || rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		echo "FAIL: $name: mtc-uecheck exit $rc, want $want_rc"
		cat "$work/$name.txt"
		fail=1
	fi
}

check clean 0
cat "$work/clean.txt"
grep -q '"dtr_failed": 0' "$work/clean.json" || { echo "FAIL: clean JSON"; fail=1; }
grep -q '^DTRs *[1-9][0-9]* opened' "$work/clean.txt" || { echo "FAIL: no DTR opened"; fail=1; }

check flipped 1 --flip-pdu
grep -q 'refuses the A3-PDU: mac\|refuses the A3-PDU: MAC' "$work/flipped.txt" ||
	{ echo "FAIL: flipped PDU not reported as a MAC failure"; cat "$work/flipped.txt"; fail=1; }

check replayed 1 --replay-dtr
grep -q 'COUNT [0-9]* of KSI [0-9]* repeated' "$work/replayed.txt" ||
	{ echo "FAIL: replayed DTR not reported as a repeated COUNT"; cat "$work/replayed.txt"; fail=1; }

check misanswered 1 --bad-answer
grep -q 'DAA hbh [0-9]* (.*): Result-Code 2001 Request-Status' "$work/misanswered.txt" ||
	{ echo "FAIL: wrong answer not reported"; cat "$work/misanswered.txt"; fail=1; }

[ "$fail" -eq 0 ] && echo "tools round trip: all checks passed"
exit "$fail"
