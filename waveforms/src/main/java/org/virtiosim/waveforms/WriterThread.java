package org.virtiosim.waveforms;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A thread of a waveform writer's own, for work it hands off and that must be done in order:
 * the device writes of {@link DirectFileOutput}, the blocks of {@link FstEncoder}.
 */
final class WriterThread {
    private WriterThread() {
    }

    /** One daemon thread: a file nobody closed must not keep the JVM alive. */
    static ExecutorService start(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lets the thread finish what it was given, then stops it (an interrupt is kept for the caller, not lost). */
    static void finish(ExecutorService thread) {
        thread.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
