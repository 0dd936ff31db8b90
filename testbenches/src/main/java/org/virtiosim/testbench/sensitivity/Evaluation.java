package org.virtiosim.testbench.sensitivity;

import java.util.List;
import org.virtiosim.core.param.ParamValues;

/**
 * The one thing a sensitivity study asks of the model: given every parameter's value, each
 * scheme's figures, in the study's scheme order. {@link StudyEvaluation} runs the simulator; a
 * test can plant its own.
 */
@FunctionalInterface
public interface Evaluation {
    List<Figures> evaluate(ParamValues values);
}
