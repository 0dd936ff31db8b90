package org.virtiosim.pcie.bench;

/**
 * One size of a bandwidth stream as measured in the simulation.
 *
 * @param sizeBytes bytes per transfer
 * @param gbps payload bandwidth in the steady state, Gb/s
 * @param tlps TLPs on the link, both directions
 * @param simNs simulated time of the whole stream
 */
public record BandwidthResult(int sizeBytes, double gbps, long tlps, double simNs) {
}
