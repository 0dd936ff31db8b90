/**
 * The virtio PCI endpoint with SR-IOV: PF, VFs, the per-VF legacy register state, doorbell
 * steering, the admin queue, and one sub-package per legacy-access scheme. (Issue #5.)
 */
package org.virtiosim.device;
