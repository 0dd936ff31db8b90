#!/usr/bin/env bash
# End to end on a real Slurm: the README's array job, submitted unchanged to a single-node cluster on
# this machine, merged, and compared byte for byte with the same sweep run unsharded. Opt-in (not in
# .ci/run); run as root (installing needs it; the daemons run as the calling user, tested as root);
# works in a container (no systemd, no cgroup).
#
#   tools/slurm-e2e.sh [--keep] [--no-install] [--timeout SECONDS (default 1800, for the array job)]
#
# It installs Debian's slurm-wlm and munge if absent, starts its own munged (own key and socket) and
# slurmctld + slurmd with a minimal slurm.conf, all in a temporary directory, on free ports; extracts
# the job script from README.md (it must equal tools/slurm/sweep-array.sbatch byte for byte), builds
# the jar once, submits the script with sbatch from a directory holding a ./virtio-sim symlink, waits
# for every array task, runs the script's own "afterwards" merge line, runs the script's sweep
# command without --shard, and cmp's every output file. Prints a summary; the daemons stop and the
# temporary directory goes on any exit (--keep keeps the directory). Exit 0 only if every task
# COMPLETED with exit code 0 and every file is equal; 1 otherwise; 2 on bad usage.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
keep=0
install=1
timeout=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    --no-install) install=0; shift ;;
    --timeout) [ $# -ge 2 ] || { echo "slurm-e2e: --timeout needs SECONDS" >&2; exit 2; }; timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "slurm-e2e: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$timeout" in ''|*[!0-9]*) echo "slurm-e2e: --timeout must be whole seconds, got '$timeout'" >&2; exit 2 ;; esac

say() { echo "slurm-e2e: $*" >&2; }
die() { say "$*"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
    || ! command -v munged >/dev/null; then
  [ "$install" = 1 ] || die "slurm-wlm or munge is missing and --no-install was given"
  [ "$(id -u)" = 0 ] || die "slurm-wlm or munge is missing; installing them needs root (apt-get)"
  say "installing slurm-wlm and munge (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/virtio-sim-slurm.XXXXXX")
# munged insists that everyone may traverse its socket's directory; the key stays private.
chmod 755 "$tmp"
mkdir -m 755 "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/array" "$tmp/unsharded" "$tmp/stub"
mkdir -m 700 "$tmp/key"

job=
cleanup() {
  local rc=$?
  # Tasks still queued or running (a timeout, ^C) are cancelled before slurmd goes, so no java outlives the run.
  if [ -n "$job" ] && [ -n "$(squeue -h -j "$job" -o '%i' 2>/dev/null)" ]; then
    scancel "$job" 2>/dev/null || true
    for _ in $(seq 60); do
      [ -z "$(squeue -h -j "$job" -o '%i' 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
    if [ -s "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
    fi
  done
  # Give the daemons a moment to go before their directory does.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
      [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  if [ "$keep" = 1 ]; then
    say "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nobody listens on, from a start value upwards (bash's /dev/tcp connects or fails).
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# --- munge: a key and a socket of our own, so a host's munged (if any) is left alone.
dd if=/dev/urandom of="$tmp/key/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/key/munge.key"
munged --socket="$tmp/munge/munge.sock" --key-file="$tmp/key/munge.key" --log-file="$tmp/log/munged.log" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
  || die "munged did not start: $(tail -1 "$tmp/log/munged.log" 2>/dev/null)"

# --- slurm.conf: one node, this machine's CPUs and memory as slurmd -C sees them.
user=$(id -un)
ctld_port=$(free_port 16817)
slurmd_port=$(free_port $((ctld_port + 1)))
node_hw=$(slurmd -C | sed -n 's/^NodeName=[^ ]* //p' | sed 's/ *UpTime=.*//')
[ -n "$node_hw" ] || die "slurmd -C printed no node line"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=virtiosim
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
# No cgroup in a container: processes tracked by parent pid, no task binding, no accounting daemon.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
# Finished tasks stay visible to scontrol for the run's length (there is no accounting for sacct).
MinJobAge=86400
NodeName=localhost NodeAddr=127.0.0.1 $node_hw State=UNKNOWN
PartitionName=e2e Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -c -f "$SLURM_CONF" || die "slurmctld did not start: $(tail -1 "$tmp/log/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" -N localhost || die "slurmd did not start: $(tail -1 "$tmp/log/slurmd.log" 2>/dev/null)"
for i in $(seq 60); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1)
  [ "$state" = idle ] && break
  [ "$i" = 60 ] && die "node not idle after 30 s (state '${state:-none}'); see $tmp/log with --keep"
  sleep 0.5
done
say "cluster up: $(sinfo -h -N -o '%N %T cpus=%c mem=%mMB'), slurmctld port $ctld_port"

# --- the job script: the README's, byte for byte the one in tools/slurm.
readme_job="$tmp/sweep-array.sbatch"
awk '/^<!-- slurm-job:begin/ {on = 1; next} /^<!-- slurm-job:end/ {on = 0} on' "$here/README.md" \
  | sed '1{/^```/d};${/^```$/d}' >"$readme_job"
[ -s "$readme_job" ] || die "README.md has no job script between <!-- slurm-job:begin --> and <!-- slurm-job:end -->"
cmp -s "$readme_job" "$here/tools/slurm/sweep-array.sbatch" \
  || die "README.md's job script differs from tools/slurm/sweep-array.sbatch"
tasks=$(sed -n 's/^#SBATCH --array=0-\([0-9]*\)$/\1/p' "$readme_job")
[ -n "$tasks" ] || die "the job script has no '#SBATCH --array=0-N' line"
tasks=$((tasks + 1))

# The jar is built before submitting (the launcher also locks, but 8 tasks waiting on one build is
# wall time spent holding nodes).
"$here/virtio-sim" --version >/dev/null

# --- submit from a directory with ./virtio-sim (a symlink to the checkout's launcher), as a user would.
ln -s "$here/virtio-sim" "$tmp/array/virtio-sim"
start=$(date +%s)
job=$(cd "$tmp/array" && sbatch --parsable "$readme_job")
job=${job%%;*}
say "submitted array job $job ($tasks tasks)"
last=
while [ -n "$(squeue -h -j "$job" -o '%i' 2>/dev/null)" ]; do
  now=$(date +%s)
  [ $((now - start)) -le "$timeout" ] || die "array job $job not done after $timeout s (cancelled)"
  line=$(squeue -h -r -j "$job" -o '%T' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
  [ "$line" != "$last" ] && say "$((now - start)) s: $line"
  last=$line
  sleep 2
done
array_wall=$(($(date +%s) - start))

# Every task's final state and exit code (scontrol keeps them for MinJobAge).
states=$(scontrol show job "$job" -o | sed -n 's/.*ArrayTaskId=\([0-9]*\) .*JobState=\([A-Z_]*\) .*ExitCode=\([0-9:]*\) .*/\1 \2 \3/p' | sort -n)
count=$(printf '%s\n' "$states" | grep -c . || true)
ok=$(printf '%s\n' "$states" | grep -c ' COMPLETED 0:0$' || true)
summary_states=$(printf '%s\n' "$states" | awk '{print $2 " " $3}' | sort | uniq -c | awk '{printf "%s%s x %s exit %s", sep, $1, $2, $3; sep=", "}')
failed=0
if [ "$count" != "$tasks" ] || [ "$ok" != "$tasks" ]; then
  failed=1
  say "tasks: $summary_states (expected $tasks COMPLETED with exit 0); their output:"
  tail -n 5 "$tmp"/array/*.out >&2 || true
fi

# --- merge: the script's own "afterwards" line, run where the tasks wrote.
merge_line=$(sed -n 's/^# afterwards: //p' "$readme_job")
[ -n "$merge_line" ] || die "the job script has no '# afterwards: ...merge...' line"
(cd "$tmp/array" && eval "$merge_line") >"$tmp/log/merge.log" 2>&1 || { cat "$tmp/log/merge.log" >&2; die "merge failed"; }
merged_dir=$(printf '%s\n' "$merge_line" | sed -n 's/.*--out \([^ ]*\).*/\1/p')
[ -n "$merged_dir" ] || die "the merge line names no --out directory: $merge_line"

# --- the same sweep unsharded: the script's sweep arguments (recorded by a stub launcher run as one
# array task would), less --shard, with --out elsewhere and every core.
printf '#!/bin/sh\nprintf "%%s\\0" "$@" > "%s"\n' "$tmp/stub/args" >"$tmp/stub/virtio-sim"
chmod +x "$tmp/stub/virtio-sim"
(cd "$tmp/stub" && env SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT="$tasks" SLURM_CPUS_PER_TASK=1 \
  SLURM_SUBMIT_DIR="$tmp/stub" bash "$readme_job") >/dev/null
args=()
skip=
while IFS= read -r -d '' a; do
  if [ -n "$skip" ]; then
    [ "$skip" = out ] && args+=("$tmp/unsharded/results")
    [ "$skip" = threads ] && args+=("$(nproc)")
    skip=
    continue
  fi
  case "$a" in
    --shard) skip=shard ;;
    --out) args+=("$a"); skip=out ;;
    --threads) args+=("$a"); skip=threads ;;
    *) args+=("$a") ;;
  esac
done <"$tmp/stub/args"
[ "${args[0]:-}" = sweep ] || die "the job script's command is not 'virtio-sim sweep ...'"
start=$(date +%s)
"$here/virtio-sim" "${args[@]}" >"$tmp/log/unsharded.log" 2>&1 || { tail -5 "$tmp/log/unsharded.log" >&2; die "unsharded sweep failed"; }
unsharded_wall=$(($(date +%s) - start))

# --- merged vs unsharded, every file.
mismatch=0
files=$( (cd "$tmp/array/$merged_dir" && find . -type f; cd "$tmp/unsharded/results" && find . -type f) | sort -u)
nfiles=0
for f in $files; do
  nfiles=$((nfiles + 1))
  if ! cmp "$tmp/array/$merged_dir/$f" "$tmp/unsharded/results/$f" >&2; then
    mismatch=1
  fi
done
rows=$(($(wc -l <"$tmp/unsharded/results/results.csv") - 1))

echo "slurm-e2e summary"
echo "  slurm:      $(sinfo -V), node localhost $(sinfo -h -N -o 'cpus=%c mem=%mMB')"
echo "  array job:  $tasks tasks, $array_wall s from sbatch to the last task's end"
echo "  states:     $summary_states"
echo "  unsharded:  the same sweep in one process, $unsharded_wall s, $rows points"
if [ "$mismatch" = 0 ] && [ "$nfiles" -gt 0 ]; then
  echo "  cmp:        merged == unsharded, byte for byte ($(echo $files | sed 's|\./||g'))"
else
  echo "  cmp:        MISMATCH between merged and unsharded ($nfiles files compared)"
  failed=1
fi
exit "$failed"
