#!/bin/sh
# Wireshark's opinion of the encoders: writes the pcap with pcap_wire, then
# fails if tshark marks any frame malformed or with an error (checksums of
# IPv4, UDP and ICMPv6 checked), if a frame is not decoded as Diameter, or
# if the decoded Result-Code, Request-Status, Reference-Number or User-Name
# differ from what pcap_wire meant to write.
#
#   tshark_check.sh PCAP_WIRE OUT.pcap
#
# Without tshark the test is skipped (77), except under CI=true where it fails.
set -eu
gen=$1
pcap=$2
expected=$pcap.expected

if ! command -v tshark >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "tshark is not installed" >&2
		exit 1
	fi
	echo "tshark is not installed: skipped"
	exit 77
fi

"$gen" "$pcap" "$expected"

ts() {
	tshark -r "$pcap" -d udp.port==3868,diameter -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE "$@" 2>/dev/null
}

status=0
frames=$(ts -T fields -e frame.number | wc -l)
lines=$(wc -l <"$expected")
if [ "$frames" -ne "$lines" ] || [ "$frames" -eq 0 ]; then
	echo "pcap holds $frames frames, $lines expected" >&2
	status=1
fi

bad=$(ts -Y '_ws.malformed || _ws.expert.severity == error || !diameter')
if [ -n "$bad" ]; then
	echo "tshark objects to these frames:" >&2
	echo "$bad" >&2
	ts -V -Y '_ws.malformed || _ws.expert.severity == error' | grep -i -B2 -A2 'expert\|malformed' >&2 || true
	status=1
fi

got=$(ts -T fields -E separator=/t -e diameter.cmd.code -e diameter.Result-Code \
	-e diameter.Request-Status -e diameter.Reference-Number -e diameter.User-Name)
if [ "$got" != "$(cat "$expected")" ]; then
	echo "decoded values differ (expected, then tshark's):" >&2
	cat "$expected" >&2
	echo "$got" >&2
	status=1
fi

warn=$(ts -Y '_ws.expert.severity == warning' | wc -l)
echo "$frames frames checked, $warn with expert warnings"
exit $status
