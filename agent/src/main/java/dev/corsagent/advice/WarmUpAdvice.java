package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined once, at install, into a class of the agent's own and thrown away ({@code Hooks.warmUp}):
 * never into a container class. It binds the same kinds of values as the container advice (this,
 * an argument, a field, a local, the enter value, a writable return value, a skip, a suppressed
 * throwable), so the first real hook finds the weaver's (ASM's) classes for them loaded and run once.
 */
public final class WarmUpAdvice {
    private WarmUpAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Object self, @Advice.Argument(0) Object request,
                                @Advice.FieldValue("state") int state, @Advice.Local("corsPlan") ResponsePlan corsPlan) {
        if (request == null || state != 0) {
            return false;
        }
        Object attribute = CorsBridge.PLAN_ATTRIBUTE;
        corsPlan = attribute instanceof ResponsePlan ? (ResponsePlan) attribute : null;
        return corsPlan != null && corsPlan.answerStatus != 0;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean answered, @Advice.Return(readOnly = false) int next,
                            @Advice.Local("corsPlan") ResponsePlan corsPlan) {
        if (answered && corsPlan != null) {
            next = corsPlan.answerStatus;
        }
    }
}
