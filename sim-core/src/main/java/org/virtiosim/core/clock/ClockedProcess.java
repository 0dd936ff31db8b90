package org.virtiosim.core.clock;

/**
 * Hardware that does something on every rising edge of its clock while awake: a pipeline stage,
 * a DMA engine, a firmware core. Run by its {@link ClockDomain} without an event per edge.
 */
@FunctionalInterface
public interface ClockedProcess {
    /** Called on the rising edge of {@code cycle}. Reads see register values from before this edge. */
    void onEdge(long cycle);
}
