#!/bin/sh
# The test command: installs what is missing, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test suite (unit, integration).
set -eu
cd "$(dirname "$0")/.."

.ci/install-deps
# With the stage cycle counts compiled in, so that they are built and run
# under the sanitizers too (the release build leaves them out).
[ -d build-test ] || meson setup build-test -Dbuildtype=debugoptimized \
	-Db_sanitize=address,undefined -Db_lundef=false -Db_lto=false -Dstage_cycles=true
ninja -C build-test
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
meson test -C build-test --suite unit --suite integration --print-errorlogs \
	--num-processes 2 "$@"
