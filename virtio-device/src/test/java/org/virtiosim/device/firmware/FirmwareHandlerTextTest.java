package org.virtiosim.device.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FirmwareHandlerTextTest {
    private static String text(int handler, int vf) {
        StringBuilder sb = new StringBuilder();
        FirmwareHandlerText.format(new long[] {handler, vf}, sb);
        return sb.toString();
    }

    @Test
    void aCoreShowsItsHandlerAndVfAndNothingWhenIdle() {
        assertThat(text(FirmwareRuntime.ON_LEGACY_ACCESS, 3)).isEqualTo("onLegacyAccess vf=3");
        assertThat(text(FirmwareRuntime.ON_ADMIN_COMMAND, 0)).as("no VF").isEqualTo("onAdminCommand");
        assertThat(text(FirmwareRuntime.ON_START, 0)).isEqualTo("onStart");
        assertThat(text(FirmwareRuntime.IDLE, 7)).isEmpty();
        assertThat(text(FirmwareRuntime.ON_START + 1, 1)).as("no such handler").isEmpty();
    }

    @Test
    void everyHandlerIsNamedAsTheFirmwareProgramMethodItRuns() {
        Set<String> methods = Arrays.stream(FirmwareProgram.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        for (int code = FirmwareRuntime.ON_LEGACY_ACCESS; code <= FirmwareRuntime.ON_START; code++) {
            String name = text(code, 0);
            assertThat(methods).as("handler %d", code).contains(name);
        }
    }
}
