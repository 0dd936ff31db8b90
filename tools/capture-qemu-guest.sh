#!/usr/bin/env bash
# Captures a real Linux guest's legacy virtio-net register accesses under QEMU (TCG) and imports them
# as virtio-sim traces. docs/real-guests.md walks through it; run by hand (CI never needs QEMU).
#
#   tools/capture-qemu-guest.sh [--out DIR] [--work DIR] [--variant msix|nomsix|both] [--no-install] [--no-import]
#
# For each variant it writes DIR/qemu-<variant>.log (the QEMU trace: memory_region_ops_read/_write and
# pci_cfg_write, led by QEMU's version line and '#' lines naming the kernel and the command) and
# DIR/qemu-<variant>.csv (the imported trace). Debian packages: qemu-system-x86, busybox-static, cpio and
# the kernel linux-image-amd64 points at (downloaded, extracted with dpkg -x, never installed).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# Guest phase markers go to an isa-debugcon at this port: not 0x402, where SeaBIOS writes its own debug
# log, nor 0x700 (q35's SMBus).
marker_port=1264
marker_hex=0x4f0
out=$PWD/capture
work=
variant=both
install=1
import=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --variant) variant=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-import) import=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "capture-qemu-guest.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$variant" in msix|nomsix|both) ;; *) echo "capture-qemu-guest.sh: --variant is msix, nomsix or both" >&2; exit 2 ;; esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "$work" ]; then work=$(mktemp -d /tmp/virtio-sim-capture.XXXXXX); fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
say() { echo "capture: $*" >&2; }

# 1. Packages. The kernel package is only downloaded and extracted: the host's own kernel is untouched.
if [ "$install" = 1 ]; then
  say "apt-get update; installing qemu-system-x86 busybox-static cpio"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-system-x86 busybox-static cpio >/dev/null
fi
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kpkg" ] || { echo "capture-qemu-guest.sh: apt-cache finds no kernel behind linux-image-amd64 (run apt-get update)" >&2; exit 2; }
if [ ! -d "$work/kernel/boot" ]; then
  say "downloading $kpkg"
  (cd "$work" && rm -f ./*.deb && apt-get download "$kpkg" >/dev/null 2>&1 || apt-get download "$kpkg-unsigned" >/dev/null)
  dpkg -x "$work"/linux-image-*.deb "$work/kernel"
fi
kver=$(ls "$work/kernel/lib/modules" | head -n1)
kdeb=$(basename "$(ls "$work"/linux-image-*.deb | head -n1)")
vmlinuz="$work/kernel/boot/vmlinuz-$kver"
qemu=$(command -v qemu-system-x86_64)
qver=$("$qemu" --version | head -n1)

# 2. The initramfs: static busybox and the virtio-net modules, each after the modules it depends on
#    (read from the module's own .modinfo "depends=", as depmod would).
root="$work/initramfs"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,modules}
cp "$(command -v busybox)" "$root/bin/busybox"
order=()
add_module() {
  local m=$1 f d
  for d in "${order[@]:-}"; do [ "$d" = "$m" ] && return 0; done
  f=$(find "$work/kernel/lib/modules/$kver" -name "$m.ko" -o -name "${m//_/-}.ko" | head -n1)
  [ -n "$f" ] || { echo "capture-qemu-guest.sh: module $m not in $kdeb" >&2; exit 2; }
  for d in $(tr '\0' '\n' < "$f" | sed -n 's/^depends=//p' | tr ',' ' '); do add_module "$d"; done
  cp "$f" "$root/modules/$m.ko"
  order+=("$m")
}
add_module virtio_pci
add_module virtio_net
virtio_core=() ; pci_and_net=()
for m in "${order[@]}"; do
  case "$m" in virtio|virtio_ring) virtio_core+=("$m") ;; *) pci_and_net+=("$m") ;; esac
done
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
# A phase marker: each byte of "name\n" is one outb to the isa-debugcon port 0x4f0 (1264), so it shows
# in QEMU's trace as memory_region_ops_write ... name 'isa-debugcon', between the accesses it separates.
mark() {
  printf '%s\n' "\$1" > /tmp/mark
  n=\$(wc -c < /tmp/mark); i=0
  while [ \$i -lt \$n ]; do
    dd if=/tmp/mark of=/dev/port bs=1 skip=\$i seek=$marker_port count=1 conv=notrunc 2>/dev/null
    i=\$((i + 1))
  done
}
for m in ${virtio_core[*]}; do insmod /modules/\$m.ko; done
mark probe
for m in ${pci_and_net[*]}; do insmod /modules/\$m.ko; done
mark open
ip addr add 10.0.2.15/24 dev eth0
ip link set eth0 up
mark transmit
ping -c 3 -W 1 10.0.2.2 >/dev/null 2>&1 || true
mark close
ip link set eth0 down
mark end
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$work/initramfs.cpio.gz"
say "kernel $kver ($kdeb), modules: ${order[*]}"

# 3. Boot it once per variant under TCG, tracing the three events to a file, and import the log.
cat > "$work/events" <<EV
memory_region_ops_read
memory_region_ops_write
pci_cfg_write
EV
capture() {
  local name=$1 vectors=$2 start log raw dev
  dev="virtio-net-pci,netdev=n0,romfile=,disable-modern=on,disable-legacy=off,ioeventfd=off,vectors=$vectors"
  raw="$work/$name.raw.log"; log="$out/qemu-$name.log"
  rm -f "$raw"
  say "booting $name ($dev)"
  start=$(date +%s)
  timeout 600 "$qemu" -machine q35,accel=tcg -cpu qemu64 -m 256 -smp 1 -nographic -no-reboot \
      -kernel "$vmlinuz" -initrd "$work/initramfs.cpio.gz" -append "console=ttyS0 loglevel=3 panic=-1" \
      -netdev user,id=n0 -device "$dev" \
      -chardev file,id=dbg,path="$work/$name.debugcon" -device isa-debugcon,iobase=$marker_hex,chardev=dbg \
      -trace events="$work/events",file="$raw" > "$work/$name.console" 2>&1 </dev/null
  say "$name: guest ran $(( $(date +%s) - start )) s; markers: $(tr '\n' ' ' < "$work/$name.debugcon")"
  # Kept: the version line, what was run, and the events the importer reads (the rest of the boot's
  # port and MMIO traffic is dropped: it is most of the file and nothing the importer keeps).
  {
    echo "$qver"
    echo "# kernel: $kver ($kdeb)"
    echo "# qemu: -machine q35,accel=tcg -device $dev -device isa-debugcon,iobase=$marker_hex"
    grep -E "pci_cfg_write virtio|name '(virtio-pci|isa-debugcon)'" "$raw"
  } > "$log"
  if [ "$import" = 1 ]; then
    "$here/virtio-sim" import qemu-trace "$log" --out "$out/qemu-$name.csv"
    say "$name: $log -> $out/qemu-$name.csv"
  fi
}
[ "$variant" = nomsix ] || capture msix 3
[ "$variant" = msix ] || capture nomsix 0
