/**
 * The admin queue's one codec: every byte layout the two halves of the {@code aq} scheme encode and
 * decode, as virtio 1.3 defines them. {@link org.virtiosim.device.scheme.aq.command.AdminCommand}
 * is struct virtio_admin_cmd with the legacy commands' data and results (admin.tex: the struct,
 * status and status qualifiers, the SR-IOV group type, LIST_QUERY/LIST_USE, the device
 * requirements; admin-cmds-legacy-interface.tex: opcodes 0x2..0x6, their data and result structs),
 * whose field offsets are the struct classes here;
 * {@link org.virtiosim.device.scheme.aq.command.AdminCommandValidator} is what the owner device
 * answers a command with before executing it; {@link org.virtiosim.device.scheme.aq.command.AqLayout}
 * is the split virtqueue that carries the commands (§2.7: descriptor table, available and used
 * rings) and where it lies in host memory. Field sizes cross-checked against Linux
 * include/uapi/linux/virtio_pci.h and drivers/virtio/virtio_pci_admin_legacy_io.c.
 *
 * <p>Everything encodes into and decodes from caller-supplied {@code byte[]} at an offset,
 * little-endian, without allocating, so the admin queue's DMA engine and the driver model can run it
 * per command.
 */
package org.virtiosim.device.scheme.aq.command;
