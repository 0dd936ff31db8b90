package org.virtiosim.kit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.virtiosim.device.firmware.Firmware;

/** Resolves a {@link Results} parameter by running the method's {@link VirtioSimScenario}. */
public final class VirtioSimExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Results.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        VirtioSimScenario s = e.getRequiredTestMethod().getAnnotation(VirtioSimScenario.class);
        if (s == null) {
            throw new ParameterResolutionException("a Results parameter needs @VirtioSimScenario on the test method");
        }
        ScenarioRun run = ScenarioRun.of(s.value()).vfs(s.vfs()).seed(s.seed()).set(s.set());
        if (s.schemes().length > 0) {
            run.schemes(none(s.schemes()));
        }
        if (s.notifyPaths().length > 0) {
            run.notifyPaths(none(s.notifyPaths()));
        }
        try {
            if (s.firmware() != Firmware.class) {
                run.firmware(s.firmware());
            }
            return run.run();
        } catch (IllegalArgumentException ex) {
            throw new ParameterResolutionException("@VirtioSimScenario: " + ex.getMessage(), ex);
        }
    }

    /** {@code {"none"}} is the empty list. */
    private static String[] none(String[] ids) {
        return ids.length == 1 && ids[0].equals("none") ? new String[0] : ids;
    }
}
