#!/bin/sh
# Builds a libFuzzer harness with clang (ASan + UBSan) and runs it.
#
#   tests/fuzz/run.sh dar|rx|prov SECONDS [libFuzzer options...]
#
# The working corpus and any crash artifacts go to $FUZZ_OUT (default
# /tmp/mtc-fuzz/<harness>); the seed corpus in tests/fuzz/corpus/<harness>
# is read, never written. Exit status: 0 when the run ended without a
# finding, libFuzzer's status otherwise.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 dar|rx|prov SECONDS [libFuzzer options]" >&2; exit 2; }
target=$1
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift 1
cc=${CLANG:-clang}
out=${FUZZ_OUT:-/tmp/mtc-fuzz}/$target
mkdir -p "$out/corpus" "$out/artifacts"

w=$root/dataplane/wire
c=$root/dataplane/common
t=$root/tests/wire
srcs="$w/dar_decode.c $w/dar_fast.c $c/tbcd.c $w/dta_decode.c $w/diam_local.c $w/daa_encode.c $t/dar_ref.c"
libs=""
case $target in
dar) ;;
rx) srcs="$srcs $w/pkt_parse.c $w/arp_nd.c $w/neigh.c $w/udp_out.c $w/wire_counters.c $here/fuzz_mbuf.c" ;;
prov)
	# the fast UE-line reader and the general parser it is held to
	ctl=$root/control u=$root/dataplane/ue a3=$root/dataplane/a3
	srcs="$ctl/provision_fast.c $ctl/provision_ue.c $ctl/provision_scs.c $ctl/policy.c \
		$ctl/cidr.c $c/hexutil.c $c/tbcd.c $u/ue_key.c $u/ue_key_x8.c $a3/a3_engine.c \
		$a3/a3_kdf.c $a3/a3_keys.c $a3/a3_once.c $a3/a3_open.c $a3/a3_protect.c \
		$a3/a3_replay.c"
	libs="$(pkg-config --cflags --libs jansson libhs) -lIPSec_MB"
	srcs="$srcs -I$ctl -I$u -I$a3 -I$root/dataplane/scs" ;;
*) echo "unknown harness: $target" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086
# -march=native as the gateway is built: the vector paths (checksums,
# copy_short) are the ones fuzzed.
$cc -g -O1 -std=gnu11 -march=native -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined \
	-D_GNU_SOURCE -DALLOW_EXPERIMENTAL_API -DFUZZ_ENTRY=fuzz_${target}_input \
	-I"$w" -I"$c" -I"$t" -I"$here" $(pkg-config --cflags libdpdk) \
	-o "$out/fuzz_$target" "$here/libfuzzer_main.c" "$here/fuzz_$target.c" $srcs \
	$(pkg-config --libs libdpdk) $libs

exec "$out/fuzz_$target" -max_total_time="$secs" -max_len=4096 -timeout=10 \
	-print_final_stats=1 -artifact_prefix="$out/artifacts/" "$@" \
	"$out/corpus" "$here/corpus/$target"
