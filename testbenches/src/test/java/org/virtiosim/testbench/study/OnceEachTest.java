package org.virtiosim.testbench.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A key computed once however many parts ask at once; a failure is every asker's. */
class OnceEachTest {
    @Test
    void manyPartsAskingAtOnceShareOneComputation() {
        AtomicInteger computed = new AtomicInteger();
        OnceEach<String, Object> once = new OnceEach<>(k -> {
            computed.incrementAndGet();
            return new Object();
        });
        List<Supplier<Object>> askers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            askers.add(() -> once.get("study"));
        }
        try (RunPool pool = RunPool.of(4)) {
            List<Object> got = pool.parts(askers);
            assertThat(got).allSatisfy(o -> assertThat(o).isSameAs(got.get(0)));
        }
        assertThat(computed.get()).isEqualTo(1);
        assertThat(once.size()).isEqualTo(1);
    }

    @Test
    void aFailedComputationFailsEveryCallerOfThatKey() {
        OnceEach<String, String> once = new OnceEach<>(k -> {
            throw new IllegalStateException("no " + k);
        });
        assertThatThrownBy(() -> once.get("x")).hasMessage("no x");
        assertThatThrownBy(() -> once.get("x")).isExactlyInstanceOf(IllegalStateException.class).hasMessage("no x");
    }
}
