/**
 * Byte layouts of the virtio group administration commands the legacy-interface schemes use, as
 * virtio 1.3 defines them: oasis-tcs/virtio-spec admin.tex (struct virtio_admin_cmd, status and
 * status qualifiers, the SR-IOV group type, LIST_QUERY/LIST_USE, the device requirements),
 * admin-cmds-legacy-interface.tex (opcodes 0x2..0x6, their data and result structs) and
 * transport-pci.tex ("Legacy Interfaces: A Note on PCI Device Layout", for which bytes the legacy
 * common configuration covers). Field sizes cross-checked against Linux include/uapi/linux/virtio_pci.h
 * and drivers/virtio/virtio_pci_admin_legacy_io.c.
 *
 * <p>Everything encodes into and decodes from caller-supplied {@code byte[]} at an offset,
 * little-endian, without allocating, so the admin queue's DMA engine can run it per command.
 */
package org.virtiosim.device.scheme.aq.command;
