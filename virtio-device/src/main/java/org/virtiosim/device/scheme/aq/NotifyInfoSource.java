package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.param.Param;

/**
 * Where the hypervisor learns, when it opens a VF, the address the VF takes notifies at: the two
 * answers of the May 2023 thread. Pandit: the PF holds that information, ask it with an admin
 * command (LEGACY_NOTIFY_INFO, as Linux's vfio-virtio does). Tsirkin: the VF driver should get
 * what it needs "from VF itself", a capability in the VF's configuration space.
 *
 * <p>What each trusts: with {@link #AQ} the answer comes from the PF's admin queue, so the
 * hypervisor trusts the PF driver and the PF's firmware to describe a VF they do not own the
 * config space of; with {@link #VF_CAP} it comes from the VF's own configuration space, which only
 * the device answers, so it trusts the device alone. Either way the host checks the answer as
 * admin-cmds-legacy-interface.tex's driver-normative text requires ({@link NotifyInfoChoice}).
 */
public enum NotifyInfoSource {
    /** LEGACY_NOTIFY_INFO on the PF's admin queue (virtio 1.3 §2.12.1.1). */
    AQ,
    /** A vendor capability in the VF's configuration space, read with CfgRd0s through ECAM ({@link LegacyNotifyCapability}). */
    VF_CAP;

    public static final Param<NotifyInfoSource> PARAM = Param.choice("notify_info", AQ,
            "where the hypervisor learns a VF's notify address when it opens the VF (aq scheme)",
            "aq: Linux vfio-virtio (LEGACY_NOTIFY_INFO); vf-cap: the May 2023 thread's alternative, a capability on the VF")
            .studyEveryValue("the two answers the thread argued over");
}
