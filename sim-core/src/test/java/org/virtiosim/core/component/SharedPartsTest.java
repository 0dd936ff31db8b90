package org.virtiosim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SharedParts as its class comment states it: one instance per type within one model, made on first use. */
class SharedPartsTest {
    private static final class AdminQueues {
    }

    @Test
    void thePartIsMadeOnFirstUseOnlyAndThenShared() {
        SharedParts parts = new SharedParts();
        AtomicInteger made = new AtomicInteger();
        AdminQueues first = parts.get(AdminQueues.class, () -> {
            made.incrementAndGet();
            return new AdminQueues();
        });
        assertThat(made).hasValue(1);
        AdminQueues second = parts.get(AdminQueues.class, () -> {
            made.incrementAndGet();
            return new AdminQueues();
        });
        assertThat(second).isSameAs(first);
        assertThat(made).hasValue(1);
    }

    @Test
    void eachTypeHasItsOwnPart() {
        SharedParts parts = new SharedParts();
        AdminQueues queues = parts.get(AdminQueues.class, AdminQueues::new);
        StringBuilder log = parts.get(StringBuilder.class, StringBuilder::new);
        assertThat(parts.get(AdminQueues.class, AdminQueues::new)).isSameAs(queues);
        assertThat(parts.get(StringBuilder.class, StringBuilder::new)).isSameAs(log);
        Object plain = parts.get(Object.class, Object::new);
        assertThat(plain).isNotSameAs(queues).isNotSameAs(log);
        assertThat(parts.get(CharSequence.class, StringBuilder::new)).isNotSameAs(log);
        assertThat(parts.get(Object.class, Object::new)).isSameAs(plain);
    }

    @Test
    void twoModelsShareNothing() {
        SharedParts device = new SharedParts();
        SharedParts host = new SharedParts();
        AdminQueues a = device.get(AdminQueues.class, AdminQueues::new);
        AdminQueues b = host.get(AdminQueues.class, AdminQueues::new);
        assertThat(a).isNotSameAs(b);
    }
}
