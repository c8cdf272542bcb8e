package dev.corsagent.instrument;

import net.bytebuddy.asm.Advice;

/**
 * A class and an advice of the agent's own, shaped like the real hooks (arguments, a local, skip
 * on a returned value, exit on throwable), which the install runs through {@link HookTransformer}
 * once and throws away: Byte Buddy's first transformation loads some 300 of its classes, and this
 * way the install thread pays for that instead of the container thread that loads the first hooked
 * class. Never loaded as a class, only read as a class file.
 */
final class WarmUp {
    private WarmUp() {
    }

    static final String TARGET = "dev.corsagent.instrument.WarmUp$Target";
    static final String ADVICE = "dev.corsagent.instrument.WarmUp$TargetAdvice";

    static final class Target {
        boolean handle(Object request, Object response) {
            return request != response;
        }
    }

    static final class TargetAdvice {
        private TargetAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.This Object self, @Advice.Argument(0) Object request,
                             @Advice.Local("seen") Object seen) {
            seen = request;
            return request == null;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Argument(1) Object response, @Advice.Local("seen") Object seen) {
            if (seen == response) {
                seen = null;
            }
        }
    }
}
