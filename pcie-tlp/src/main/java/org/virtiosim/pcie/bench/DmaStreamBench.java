package org.virtiosim.pcie.bench;

import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.host.RootComplexTiming;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;
import org.virtiosim.pcie.txn.DmaEngineTiming;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * Back-to-back DMA transfers of one size between an endpoint and host memory through a simulated
 * link, the experiment behind {@code virtio-sim bench pcie-bw}. The bandwidth is measured on the
 * simulated deliveries: payload bytes delivered after the first tenth of the stream, over the
 * time from the delivery that ends the first tenth to the last delivery, so start-up latency does
 * not count. With a DMA engine's costs ({@link DmaEngineTiming}) the engine issues one request TLP
 * per its request time; without ({@link DmaEngineTiming#NONE}) only the link and tags limit it.
 */
public final class DmaStreamBench {
    /** Host buffer above 4 GB, so requests use 64-bit addresses as in pcie-bench's model. */
    public static final long HOST_BUFFER = 0x1_0000_0000L;
    /** The endpoint's requester ID (bus 1, device 0, function 0). */
    public static final int DEVICE_ID = 0x0100;
    /**
     * Tags of the DMA engine: 8-bit (256) up to Gen3; 10-bit (768) from Gen4, where functions
     * must be 10-Bit Tag Completers (§2.2.6.2) and a requester needs them to cover the
     * bandwidth-delay product (Gen5 x16 at 64-byte reads needs about 370 outstanding).
     */
    public static int tagsFor(LinkConfig c) {
        return c.generation().ordinal() >= LinkGeneration.GEN4.ordinal() ? 768 : 256;
    }
    /** Completion timeout of the DMA engine: far beyond any latency in a clean stream (50 ms). */
    public static final long COMPLETION_TIMEOUT_PS = 50_000_000_000L;

    private final LinkConfig config;
    private final int mrrs;
    private final Direction direction;
    private final DmaEngineTiming engine;

    /** The link alone: no DMA engine cost (pcie-bench's analytic model's assumption). */
    public DmaStreamBench(LinkConfig config, int mrrs, Direction direction) {
        this(config, mrrs, direction, DmaEngineTiming.NONE);
    }

    public DmaStreamBench(LinkConfig config, int mrrs, Direction direction, DmaEngineTiming engine) {
        if (!LinkConfig.isPayloadSize(mrrs)) {
            throw new IllegalArgumentException("MRRS must be one of 128, 256, 512, 1024, 2048, 4096, got " + mrrs);
        }
        this.config = config;
        this.mrrs = mrrs;
        this.direction = direction;
        this.engine = engine;
    }

    /**
     * Transfers to stream for a size: about 4 MB of payload, at least 2000 (but at most about 64 MiB of payload,
     * and at least 4 transfers, for transfers above 32 KiB), at most 65536.
     */
    public static int transfersFor(int size) {
        long fewest = Math.min(2000, Math.max(4, (64L << 20) / size));
        return (int) Math.max(fewest, Math.min(65536, (4L << 20) / size));
    }

    /**
     * Host buffer the transfers go to, bytes: transfer i at {@code HOST_BUFFER + (i × size) mod this}, so host
     * memory does not grow with the stream. A multiple of 4 KiB (every MPS and MRRS boundary falls where it
     * would without the wrap) and at least the largest transfer.
     */
    static final long BUFFER_SPAN = 32L << 20;

    /** Write TLPs the unpaced engine keeps queued ahead of the link: it never runs dry, and memory does not grow with the stream. */
    static final int WRITE_WINDOW = 1024;

    static long transferAddress(int transfer, int size) {
        return HOST_BUFFER + (long) transfer * size % BUFFER_SPAN;
    }

    public BandwidthResult run(int size) {
        return run(size, transfersFor(size));
    }

    public BandwidthResult run(int size, int transfers) {
        return run(size, transfers, null);
    }

    /** Lets a caller watch a stream: called with the stream's kernel and link before it runs; closed after. */
    @FunctionalInterface
    public interface Observer {
        AutoCloseable attach(Kernel kernel, Link link) throws Exception;
    }

    public BandwidthResult run(int size, int transfers, Observer observer) {
        if (size <= 0) {
            throw new IllegalArgumentException("transfer size must be > 0: " + size);
        }
        Stream s = new Stream(size, transfers);
        if (observer == null) {
            return s.run();
        }
        try (AutoCloseable watching = observer.attach(s.kernel, s.link)) {
            return s.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One stream: its own kernel, link, root complex and DMA engine. */
    private final class Stream implements OutstandingRequests.Listener {
        final int size;
        final int transfers;
        final Kernel kernel = new Kernel();
        final Link link;
        final LinkDirection up;
        final RootComplex rc;
        final OutstandingRequests tags;
        final long measuredFrom;
        long measuredPayload;
        long deliveredPayloadTotal;
        long windowStartPs = -1;
        long lastDeliveryPs;
        int nextRead;
        /** Bytes of transfer {@code nextRead} already requested. */
        int readOffset;
        int nextWrite;
        /** Bytes of transfer {@code nextWrite} already written (paced engine). */
        int writeOffset;
        /** The paced engine has its next issue slot scheduled. */
        boolean pumping;
        final org.virtiosim.core.kernel.Handler pump = arg -> pumpOne();

        Stream(int size, int transfers) {
            this.size = size;
            this.transfers = transfers;
            TlpPool pool = new TlpPool();
            ReceiverCredits credits = config.generation().defaultReceiverCredits();
            this.link = new Link(kernel, config, "link", pool, credits, credits);
            this.up = link.upstream();
            this.rc = new RootComplex(kernel, new HostMemory(), RootComplexTiming.DEFAULT, 0x0000, config.maxPayloadSize());
            rc.attach(link.downstream());
            this.tags = new OutstandingRequests(kernel, tagsFor(config), COMPLETION_TIMEOUT_PS, this);
            long total = (long) size * transfers;
            this.measuredFrom = total / 10;
            link.connect(tlp -> {
                if (direction != Direction.READ && tlp.type().isPosted()) {
                    delivered(tlp.requestBytes());
                }
                rc.receive(tlp);
                if (direction == Direction.WRITE && engine.requestPs() == 0) {
                    fillWrites();
                }
            }, tlp -> {
                if (tlp.type() == TlpType.CplD) {
                    if (direction == Direction.READ) {
                        delivered(Math.min(tlp.byteCount(), tlp.lengthDw() * 4 - (tlp.lowerAddress() & 3)));
                    }
                    tags.complete(tlp);
                }
            });
        }

        private void delivered(int bytes) {
            long now = kernel.now();
            if (deliveredPayloadTotal >= measuredFrom) {
                if (windowStartPs < 0) {
                    windowStartPs = lastDeliveryPs;
                }
                measuredPayload += bytes;
            }
            deliveredPayloadTotal += bytes;
            lastDeliveryPs = now;
        }

        BandwidthResult run() {
            kernel.schedule(0, arg -> issue(), 0);
            kernel.runUntilIdle();
            if (tags.timeouts() != 0) {
                throw new IllegalStateException("completion timeouts in a bandwidth stream: " + tags.timeouts());
            }
            double seconds = (lastDeliveryPs - windowStartPs) * 1e-12;
            double gbps = measuredPayload * 8 / seconds / 1e9;
            long tlps = link.upstream().tlpsSent() + link.downstream().tlpsSent();
            return new BandwidthResult(size, gbps, tlps, kernel.now() / 1000.0);
        }

        /** Issues what it can: every write at once, reads as tags allow; in BIDIR one write per read. */
        private void issue() {
            if (engine.requestPs() > 0) {
                startPump();
                return;
            }
            switch (direction) {
                case WRITE -> fillWrites();
                case READ -> issueReads();
                case BIDIR -> issueReads();
            }
        }

        /** Queues the next write TLPs, in order, until {@link #WRITE_WINDOW} wait for the link or none are left. */
        private void fillWrites() {
            while (nextWrite < transfers && up.queued() < WRITE_WINDOW) {
                sendNextWrite();
            }
        }

        /** The next write TLP of transfer {@code nextWrite}, up to the next MPS boundary. */
        private void sendNextWrite() {
            long address = transferAddress(nextWrite, size) + writeOffset;
            int mps = config.maxPayloadSize();
            int chunk = (int) Math.min(size - writeOffset, mps - (address & (mps - 1)));
            up.send(up.newTlp().setMemoryWrite(DEVICE_ID, address, chunk));
            writeOffset += chunk;
            if (writeOffset == size) {
                writeOffset = 0;
                nextWrite++;
            }
        }

        private void issueWrite(int transfer) {
            long address = transferAddress(transfer, size);
            int remaining = size;
            while (remaining > 0) {
                int mps = config.maxPayloadSize();
                int chunk = (int) Math.min(remaining, mps - (address & (mps - 1)));
                Tlp t = up.newTlp();
                t.setMemoryWrite(DEVICE_ID, address, chunk);
                up.send(t);
                address += chunk;
                remaining -= chunk;
            }
        }

        /** Read requests of at most MRRS bytes, not crossing MRRS boundaries, while tags last. */
        private void issueReads() {
            while (nextRead < transfers) {
                long base = transferAddress(nextRead, size);
                int done = readOffset;
                int remaining = size - done;
                int chunk = (int) Math.min(remaining, mrrs - ((base + done) & (mrrs - 1)));
                int tag = tags.allocate(nextRead, chunk);
                if (tag < 0) {
                    return;
                }
                Tlp t = up.newTlp();
                t.setMemoryRead(DEVICE_ID, tag, base + done, chunk);
                up.send(t);
                readOffset += chunk;
                if (readOffset == size) {
                    if (direction == Direction.BIDIR) {
                        issueWrite(nextRead);
                    }
                    readOffset = 0;
                    nextRead++;
                }
            }
        }

        /** The paced engine: one request TLP per request time, writes before reads (a write owed is data read). */
        private void startPump() {
            if (!pumping) {
                pumping = true;
                kernel.scheduleIn(engine.requestPs(), pump, 0);
            }
        }

        private void pumpOne() {
            pumping = false;
            int writable = direction == Direction.WRITE ? transfers : direction == Direction.BIDIR ? nextRead : 0;
            if (nextWrite < writable) {
                sendNextWrite();
                startPump();
            } else if (direction != Direction.WRITE && nextRead < transfers && issueOneRead()) {
                startPump();
            }
        }

        /** One read request of the paced engine, if a tag is free. */
        private boolean issueOneRead() {
            long base = transferAddress(nextRead, size);
            int chunk = (int) Math.min(size - readOffset, mrrs - ((base + readOffset) & (mrrs - 1)));
            int tag = tags.allocate(nextRead, chunk);
            if (tag < 0) {
                return false;
            }
            up.send(up.newTlp().setMemoryRead(DEVICE_ID, tag, base + readOffset, chunk));
            readOffset += chunk;
            if (readOffset == size) {
                readOffset = 0;
                nextRead++;
            }
            return true;
        }

        @Override
        public void completion(int tag, long context, Tlp completion, boolean last) {
            if (last) {
                if (engine.requestPs() > 0) {
                    startPump();
                } else {
                    issueReads();
                }
            }
        }

        @Override
        public void timedOut(int tag, long context) {
            // counted by OutstandingRequests; run() reports it
        }
    }
}
