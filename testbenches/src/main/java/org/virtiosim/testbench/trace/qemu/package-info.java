/**
 * Import of QEMU trace logs ({@code -trace events=...,file=...}, the log backend) as virtio-sim traces: the
 * guest's accesses to a legacy virtio I/O BAR (region {@code virtio-pci}), its MSI-X Enable changes and its
 * phase markers (docs/real-guests.md).
 */
package org.virtiosim.testbench.trace.qemu;
