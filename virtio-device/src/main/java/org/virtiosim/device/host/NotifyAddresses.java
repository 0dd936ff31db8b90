package org.virtiosim.device.host;

import java.util.Arrays;

/**
 * Where the hypervisor learnt, when it opened each VF, that the VF takes notifies: the member
 * device's notify register (a VF BAR, the {@code vf-bar} route) and the owner device's slot (a PF
 * BAR, the {@code pf-bar} route), as CPU physical addresses. A scheme that asks the device (the
 * {@code aq} scheme's LEGACY_NOTIFY_INFO, or the VF's capability) fills it; the store notify routes
 * send there, so what the PF driver answered is where the notify goes. A route whose VF nobody told
 * it about uses its own fixed address (what the device's documentation says); a VF whose answer the
 * host refused has no notify address, and its notifies fail.
 */
public final class NotifyAddresses {
    /** Nobody told the host: the route's own address applies. */
    public static final long UNKNOWN = -1;
    /** The host refused the answer (the VF was not opened): no notify address. */
    public static final long REFUSED = -2;

    private final long[] member;
    private final long[] owner;

    public NotifyAddresses(int numVfs) {
        this.member = new long[numVfs + 1];
        this.owner = new long[numVfs + 1];
        Arrays.fill(member, UNKNOWN);
        Arrays.fill(owner, UNKNOWN);
    }

    /** The host's one instance. */
    public static NotifyAddresses of(HostContext host) {
        return host.shared(NotifyAddresses.class, () -> new NotifyAddresses(host.layout().numVfs()));
    }

    /** VF {@code vf}'s notify register in its own BAR is at {@code address}. */
    public void learnMember(int vf, long address) {
        member[vf] = address;
    }

    /** VF {@code vf}'s slot in the owner's (PF's) notify area is at {@code address}. */
    public void learnOwner(int vf, long address) {
        owner[vf] = address;
    }

    /** The host refused what it was told about VF {@code vf}: it has no notify address. */
    public void refuse(int vf) {
        member[vf] = REFUSED;
        owner[vf] = REFUSED;
        refusals++;
    }

    /** The host refused the owner's entry it was told for VF {@code vf} (the member's stands): no pf-bar address. */
    public void refuseOwner(int vf) {
        owner[vf] = REFUSED;
        refusals++;
    }

    private long refusals;

    /** Answers the host refused ({@link #refuse}, {@link #refuseOwner}): what its validation caught. */
    public long refusals() {
        return refusals;
    }

    /** The member notify address learnt for {@code vf}, else {@code fallback} if nobody told the host ({@link #REFUSED} stays). */
    public long member(int vf, long fallback) {
        return member[vf] == UNKNOWN ? fallback : member[vf];
    }

    /** The owner notify address learnt for {@code vf}, else {@code fallback} if nobody told the host. */
    public long owner(int vf, long fallback) {
        return owner[vf] == UNKNOWN ? fallback : owner[vf];
    }
}
