package org.virtiosim.device.scheme;

/**
 * What a scheme asks of the device, beyond the legacy register state every scheme shares.
 *
 * @param stateBytesPerVf device state per VF the scheme adds (registers of its own)
 * @param vfBarBytesPerVf aperture it takes in each VF's BAR for legacy access
 * @param pfBarBytes aperture it takes in the PF's BARs, for all VFs together
 * @param note what holds the state and who carries out an access, in a few words
 */
public record DeviceCost(int stateBytesPerVf, long vfBarBytesPerVf, long pfBarBytes, String note) {
}
