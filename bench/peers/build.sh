#!/bin/sh
# Builds the MODEL-PATTERN peers (../MODEL-PATTERN.md) in the style of ../../../shared/bench/build.sh:
# the SystemC binary (g++ -O2, Debian's libsystemc-dev) and the SSJ jar (Maven, SSJ 3.3.2), into
# $BENCH_OUT if set, else ~/.cache/virtio-sim-bench (the folder ../../../shared/bench/out.sh picks
# when that folder is read-only), so both suites' peers sit side by side.
set -e
cd "$(dirname "$0")"
OUT=${BENCH_OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/virtio-sim-bench}
mkdir -p "$OUT"
SC_FLAGS=$(pkg-config --cflags --libs systemc 2>/dev/null || echo -lsystemc)
if pkg-config --exists systemc 2>/dev/null || [ -f /usr/include/systemc.h ]; then
    ${CXX:-g++} -O2 -std=c++17 -o "$OUT/systemc_model_pattern" systemc_model_pattern.cpp $SC_FLAGS
    echo "built: $OUT/systemc_model_pattern"
else
    echo "SystemC not installed: skipping the SystemC peer (apt-get install -y libsystemc-dev)" >&2
fi
if command -v mvn >/dev/null 2>&1; then
    esc=$(printf '\033')
    if out=$(mvn -q -B -f java-ssj/pom.xml package "-Dbench.out=$OUT/java-ssj-model-pattern" 2>&1); then rc=0; else rc=$?; fi
    out=$(printf '%s\n' "$out" | sed "s/$esc\[[0-9;]*m//g")
    if [ -n "$out" ]; then printf '%s\n' "$out"; fi
    if [ "$rc" != 0 ]; then echo "mvn failed (exit $rc): java-ssj not built" >&2; exit "$rc"; fi
    echo "built: $OUT/java-ssj-model-pattern/ssj-model-pattern.jar"
else
    echo "mvn not found: skipping the SSJ peer"
fi
