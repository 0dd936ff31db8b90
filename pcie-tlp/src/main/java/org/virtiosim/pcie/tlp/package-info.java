/**
 * Transaction Layer Packets: types, header fields and their byte encoding, as the PCI Express
 * Base Specification Rev. 6.0 §2.2 defines them (non-Flit Mode formats).
 */
package org.virtiosim.pcie.tlp;
