package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.asm.Advice;

/** A class to hook and advice to hook it with, for {@link WeaverTest}: each shape the agent's advice uses. */
public final class WeaverProbes {
    private WeaverProbes() {
    }

    /** What the woven code did, in order. */
    public static final List<String> EVENTS = new ArrayList<String>();

    public static void event(String event) {
        EVENTS.add(event);
    }

    public static class Target {
        public int state = 3;

        public int invoke(Object request, Object response) throws Exception {
            event("body");
            if ("throw".equals(request)) {
                throw new java.io.IOException("from the body");
            }
            if ("catch".equals(request)) {
                try {
                    throw new IllegalStateException("inner");
                } catch (IllegalStateException e) {
                    event("caught inside");
                }
            }
            return 7;
        }

        public long wide(long a, double b, Object request) {
            event("wide body");
            return a + (long) b;
        }

        public int loop(int n) {
            do {
                n--;
            } while (n > 0);
            return n;
        }
    }

    /** On {@code invoke}: a skip, a field, a local shared with the exit, the return written, the exit on a throw too. */
    public static final class InvokeAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static boolean enter(@Advice.Argument(0) Object request, @Advice.FieldValue("state") int state,
                                    @Advice.This Target self, @Advice.Local("seen") String seen) {
            event("enter");
            event(String.valueOf(state));
            if ("fail-enter".equals(request)) {
                throw new IllegalStateException("the advice failed");
            }
            seen = self == null ? "no this" : "local kept";
            return "skip".equals(request);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter boolean skipped, @Advice.Return(readOnly = false) int result,
                                @Advice.Local("seen") String seen, @Advice.Argument(1) Object response) {
            event("exit");
            event(String.valueOf(seen));
            if (skipped) {
                result = 42;
            }
            if ("fail-exit".equals(response)) {
                throw new IllegalStateException("the exit failed");
            }
        }
    }

    /** On {@code wide}: arguments after a long and a double, a long return written, no exit on a throw. */
    public static final class WideAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) long a, @Advice.Argument(2) Object request) {
            event(String.valueOf(a));
            event(String.valueOf(request));
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return(readOnly = false) long result) {
            result = result + 1000;
        }
    }

    /** On {@code loop}, whose first instruction is a branch target (a frame at offset 0). */
    public static final class LoopAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) int n) {
            event(String.valueOf(n));
        }
    }

    /** A superclass with fields the advice of a subclass may or may not read. */
    public static class Base {
        private int hidden = 1;
        protected int inherited = 2;
        public static int counter = 3;

        public int hidden() {
            return hidden;
        }
    }

    /** The class the refusal probes hook ({@code handle}). */
    public static class Derived extends Base {
        public int handle(Object request) {
            return inherited;
        }
    }

    /** Reads a protected field of the superclass: allowed. */
    public static final class InheritedFieldAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("inherited") int inherited) {
            event("inherited " + inherited);
        }
    }

    /** Reads a private field of the superclass: GETFIELD would fail with IllegalAccessError. */
    public static final class PrivateFieldAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("hidden") int hidden) {
            event("hidden " + hidden);
        }
    }

    /** Reads a static field: GETFIELD would fail with IncompatibleClassChangeError. */
    public static final class StaticFieldAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("counter") int counter) {
            event("counter " + counter);
        }
    }

    /** One @Local with two types: the exit would write an Object where the frames declare a String. */
    public static final class MismatchedLocalAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Local("kept") String kept) {
            kept = "enter";
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Local("kept") Object kept) {
            kept = Integer.valueOf(1);
        }
    }

    /** skipOn on a float result: IFEQ cannot test a float. */
    public static final class FloatSkipAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static float enter() {
            return 1f;
        }
    }

    /** skipOn on a void enter: nothing to test. */
    public static final class VoidSkipAdvice {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static void enter() {
        }
    }

    /** An exit on a method returning an int: the probe for the return-stack check. */
    public static final class ExitOnlyAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return int result) {
            event("exit " + result);
        }
    }
}
