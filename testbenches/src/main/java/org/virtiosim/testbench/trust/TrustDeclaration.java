package org.virtiosim.testbench.trust;

import java.util.List;

/**
 * Which party a design trusts to keep one VF's guest away from another's state, with the reason:
 * declared data, not measured (the study measures what happens when that party lies).
 *
 * @param design a scheme id, {@code aq (notify_info=...)}, or a notify route id prefixed {@code route }
 * @param trusts {@code PF driver}, {@code hypervisor} or {@code device}
 * @param reason why, from how the design reaches a VF
 */
public record TrustDeclaration(String design, String trusts, String reason) {
    public static final String PF_DRIVER = "PF driver";
    public static final String HYPERVISOR = "hypervisor";
    public static final String DEVICE = "device";

    private static final String OWN_BAR = "each VF's registers are in its own BAR; the device tells the VF from the function the request "
            + "was decoded for, and the hypervisor maps each guest only its own VF";

    /** Every scheme's and route's declaration, in catalog order. */
    public static final List<TrustDeclaration> ALL = List.of(
            new TrustDeclaration("mmio", DEVICE, OWN_BAR),
            new TrustDeclaration("pf-window", HYPERVISOR, "every VF's window is in one PF BAR and the device tells the VF from the "
                    + "address alone: only the hypervisor's mapping of guest to window keeps guests apart"),
            new TrustDeclaration("indirect", DEVICE, OWN_BAR),
            new TrustDeclaration("cfg-cap", DEVICE, "the capability is in each VF's own config space; the routing ID names the VF"),
            new TrustDeclaration("aq", PF_DRIVER, "every access is a PF admin command whose group_member_id names the VF, and the notify "
                    + "address comes from LEGACY_NOTIFY_INFO as the PF driver hands it on: the device cannot tell which guest a command serves"),
            new TrustDeclaration("aq (notify_info=vf-cap)", PF_DRIVER + ", " + DEVICE, "commands still name their VF through the PF "
                    + "driver; the notify address comes from the VF's own capability, which only the device answers"),
            new TrustDeclaration("mmio-direct", DEVICE, OWN_BAR),
            new TrustDeclaration("route vf-bar", DEVICE, "the notify register is in the VF's own BAR (where it is, the host learns "
                    + "from whoever the scheme asks)"),
            new TrustDeclaration("route pf-bar", HYPERVISOR, "every VF's slot is in one PF BAR and the device tells the VF from the slot"),
            new TrustDeclaration("route io-bar", HYPERVISOR, "one PF I/O port; the value written names the VF"),
            new TrustDeclaration("route aq", PF_DRIVER, "each kick is a PF admin command naming the VF"));

    /** The declaration of {@code design}. */
    public static TrustDeclaration of(String design) {
        return ALL.stream().filter(d -> d.design.equals(design)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trust declaration for " + design));
    }
}
