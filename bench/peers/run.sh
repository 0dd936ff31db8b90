#!/bin/sh
# Usage: run.sh systemc-model-pattern|ssj-model-pattern [N T] [--event-list L] [--warmup K]
# Runs a MODEL-PATTERN peer built by ./build.sh (same output folder: $BENCH_OUT or ~/.cache/virtio-sim-bench).
set -e
OUT=${BENCH_OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/virtio-sim-bench}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
name=$1
[ $# -gt 0 ] && shift
case "$name" in
    systemc-model-pattern) exec "$OUT/systemc_model_pattern" "$@" ;;
    ssj-model-pattern)     exec "${JAVA:-java}" -jar "$OUT/java-ssj-model-pattern/ssj-model-pattern.jar" "$@" ;;
    *) echo "usage: $0 systemc-model-pattern|ssj-model-pattern [N T] [ARGS]" >&2; exit 2 ;;
esac
