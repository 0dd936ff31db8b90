/**
 * The per-VF legacy (virtio 0.9.5) register file: the functional state that every legacy-access
 * scheme of the simulator reads and writes, so that all schemes give the same answers. No
 * timing and no PCIe here: a scheme decides when an access arrives, this package decides what
 * it does.
 *
 * <p>Sources: OASIS virtio 1.x, transport-pci.tex, "Legacy Interfaces: A Note on PCI Device
 * Layout"; Linux include/uapi/linux/virtio_pci.h, virtio_config.h, virtio_ring.h, virtio_net.h
 * and drivers/virtio/virtio_pci_legacy_dev.c; QEMU hw/virtio/virtio-pci.c, hw/virtio/virtio.c
 * and hw/net/virtio-net.c. Where the spec leaves a behaviour open, the classes follow QEMU's
 * legacy virtio-pci and name the QEMU function in a comment.
 */
package org.virtiosim.device.legacy;
