package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.apache.catalina.connector.Response;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined into GlassFish's {@code StandardHostValve.postInvoke}, which the pipeline calls after
 * {@code invoke} whatever it returned: skipped for a preflight the entry advice answered, whose
 * {@code invoke} was skipped, so the app's request listeners see neither "initialized" nor "destroyed"
 * for it (as on Tomcat, where both happen inside the skipped method).
 */
public final class GlassFishHostPostInvokeAdvice {
    private GlassFishHostPostInvokeAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(1) org.apache.catalina.Response catalinaResponse) {
        if (!(catalinaResponse instanceof Response)) {
            return false;
        }
        // the Grizzly request as the entry advice reaches it (the same accessor in GlassFish and Payara)
        Object plan = ((Response) catalinaResponse).getCoyoteResponse().getRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        return plan instanceof ResponsePlan && ((ResponsePlan) plan).answerStatus != 0;
    }
}
