#!/usr/bin/env bash
# Runs the kernel benchmarks of ../shared/bench/SPEC.md side by side with the SystemC and SSJ
# peers, round-robin (so machine drift hits every configuration alike), and prints per
# configuration the median rate over the rounds and its ratio to SystemC's median.
#
#   bench/kernel-vs-peers.sh [ROUNDS]          (default 5)
#   BASELINE=old/virtio-sim.jar bench/kernel-vs-peers.sh [ROUNDS]
#                                              (adds a "baseline" row per workload: an earlier build's
#                                               kernel in the same rounds, for before/after figures)
#
# Needs the peers built first: ../shared/bench/build.sh (PHOLD, CLOCKED) and bench/peers/build.sh
# (MODEL-PATTERN, bench/MODEL-PATTERN.md), SystemC from Debian's libsystemc-dev; set BENCH_OUT to
# the same folder for both.
# Raw lines go to bench/results/peers-<date>.txt; a configuration that fails prints FAILED.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${PEERS:-$root/../shared/bench}"
ours="$root/bench/peers"
rounds="${1:-5}"
mkdir -p "$root/bench/results"
raw="$root/bench/results/peers-$(date -u +%Y%m%dT%H%M%SZ).txt"
"$root/virtio-sim" --version >/dev/null   # build once, outside the timed runs

configs=(
  "systemc|phold|$peers/run.sh systemc-phold"
  "ssj-redblack|phold|$peers/run.sh ssj-phold"
  "ssj-redblack-warm2|phold|$peers/run.sh ssj-phold --warmup 2"
  "virtio-sim|phold|$root/virtio-sim bench phold"
  "virtio-sim-warm2|phold|$root/virtio-sim bench phold --warmup 2"
  "systemc|clocked|$peers/run.sh systemc-clocked"
  "ssj-doubly|clocked|$peers/run.sh ssj-clocked"
  "ssj-doubly-warm2|clocked|$peers/run.sh ssj-clocked --warmup 2"
  "virtio-sim|clocked|$root/virtio-sim bench clocked"
  "virtio-sim-warm2|clocked|$root/virtio-sim bench clocked --warmup 2"
  "systemc|model-pattern|$ours/run.sh systemc-model-pattern"
  "ssj-redblack|model-pattern|$ours/run.sh ssj-model-pattern"
  "ssj-redblack-warm2|model-pattern|$ours/run.sh ssj-model-pattern --warmup 2"
  "virtio-sim|model-pattern|$root/virtio-sim bench model-pattern"
  "virtio-sim-warm2|model-pattern|$root/virtio-sim bench model-pattern --warmup 2"
)
if [ -n "${BASELINE:-}" ]; then
  configs+=(
    "baseline|phold|java -jar $BASELINE bench phold"
    "baseline|clocked|java -jar $BASELINE bench clocked"
    "baseline|model-pattern|java -jar $BASELINE bench model-pattern"
  )
fi
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), rounds=$rounds"
  for ((r = 1; r <= rounds; r++)); do
    for c in "${configs[@]}"; do
      name=${c%%|*}; rest=${c#*|}; workload=${rest%%|*}; cmd=${rest#*|}
      line=$($cmd 2>/dev/null | grep -E "^[a-z0-9-]+ $workload events=" | tail -1) || line="FAILED"
      echo "round=$r config=$name $line"
    done
  done
} | tee "$raw" >&2

echo
printf '%-20s %-13s %10s %14s %22s %9s  %s\n' config workload events "median rate" "min-max" "vs SystemC" checksum
awk '
  /^round=/ {
    split($2, a, "="); cfg = a[2]; wl = $4
    for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = cfg "|" wl; n[key]++; rate[key, n[key]] = f["rate"]; ev[key] = f["events"]; ck[key] = f["checksum"]
    if (!(key in seen)) { seen[key] = 1; order[++k] = key }
  }
  function median(key,   m, i, j, t, v) {
    m = n[key]; for (i = 1; i <= m; i++) v[i] = rate[key, i] + 0
    for (i = 2; i <= m; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    lo[key] = v[1]; hi[key] = v[m]
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= k; i++) med[order[i]] = median(order[i])
    for (i = 1; i <= k; i++) {
      key = order[i]; split(key, p, "|"); base = med["systemc|" p[2]]
      printf "%-20s %-13s %10s %12.2f M %9.2f-%-9.2f M %8.2fx  %s\n", p[1], p[2], ev[key], med[key] / 1e6, lo[key] / 1e6, hi[key] / 1e6, med[key] / base, ck[key]
    }
  }' "$raw"
echo "raw: $raw"
