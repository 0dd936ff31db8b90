/**
 * PCIe transaction layer and links: wire-accurate TLPs, flow-control credits, link timing,
 * root complex, switch, SR-IOV routing. Depends on sim-core only. (Issue #4.)
 */
package org.virtiosim.pcie;
