package org.virtiosim.testbench.trust;

import java.util.List;

/**
 * One PF-driver or hypervisor fault on one scheme and notify route, as measured ({@link TrustStudy}).
 *
 * @param scheme the legacy-access scheme
 * @param notifyInfo the aq scheme's {@code notify_info} ({@code aq} or {@code vf-cap}) where it matters, else empty
 * @param notifyRoute the route queue notifies went by
 * @param fault the fault spec injected ({@code --fault} syntax)
 * @param lie what the fault stands for, in words (which offset, which other VF)
 * @param trusts the party the design trusts with what the fault corrupts (declared, {@link TrustDeclaration})
 * @param fired whether the fault acted (a fault that never fires tests nothing)
 * @param subjectVf the VF the corrupted request was issued for (0 if the fault did not fire)
 * @param hit what the fault corrupted, as the run saw it (the command it swapped, say)
 * @param guestSees what the subject VF's guest saw, against the same run without the fault
 * @param otherVfs the other VFs the fault reached: their registers or kicks differ from the run
 *        without it, or the device acted on them for the subject's request
 * @param detectedBy who noticed: {@code host validation}, {@code device} (what it refused),
 *        {@code isolation check}, or {@code nobody}
 * @param classification {@code cross-VF breach} if another VF was reached, else {@code wrong}
 *        (only the subject VF is hurt), or {@code no effect}
 */
public record TrustRow(String scheme, String notifyInfo, String notifyRoute, String fault, String lie, String trusts, boolean fired, int subjectVf,
                       String hit, String guestSees, List<Integer> otherVfs, String detectedBy, String classification) {
    public static final String BREACH = "cross-VF breach";
    public static final String WRONG = "wrong";
    public static final String NO_EFFECT = "no effect";
    public static final String HOST = "host validation";
    public static final String DEVICE = "device";
    public static final String ISOLATION = "isolation check";
    public static final String NOBODY = "nobody";
}
