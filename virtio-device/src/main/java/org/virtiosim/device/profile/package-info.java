/**
 * Device profiles: named sets of the device-identity parameters (host features, MAC, queue sizes,
 * MSI-X vectors, virtio-net status and queue pairs) that make the simulated VF present what some
 * real device presents, so a trace captured from a guest on that device replays with its reads
 * checked. docs/device-identity.md.
 */
package org.virtiosim.device.profile;
