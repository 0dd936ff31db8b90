package org.virtiosim.device.scheme.aq.command;

/**
 * Group type identifiers: admin.tex, "Device groups": "The group type identifier for this group is
 * 0x1" (SR-IOV: the PF owns, its VFs are members); 2..65535 are reserved (the comment in struct
 * virtio_admin_cmd). Linux: VIRTIO_ADMIN_GROUP_TYPE_SRIOV 0x1.
 */
public final class AdminGroupType {
    private AdminGroupType() {
    }

    public static final int SRIOV = 0x1;
}
