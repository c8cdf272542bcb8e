package dev.corsagent.hooks;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.log.AgentLog;

/**
 * The hooks of {@link HookCatalog} in Byte Buddy's terms, for {@link HookTransformer}: each spec's
 * class check and method matcher, its advice's exception handler and its partner. Advice is named,
 * never loaded here: it refers to container types the agent's class loader may not see.
 */
public final class Hooks {
    private Hooks() {
    }

    public static HookTransformer transformer(HookTransformer.Listener listener) {
        Map<HookSpec, HookTransformer.Hook> hooks = new LinkedHashMap<HookSpec, HookTransformer.Hook>();
        for (HookSpec spec : HookCatalog.ALL) {
            hook(spec, hooks);
        }
        return new HookTransformer(new ArrayList<HookTransformer.Hook>(hooks.values()), Hooks.class.getClassLoader(),
                listener);
    }

    /**
     * Inlines {@code WarmUpAdvice} into a class of the agent's own and throws the result away; true
     * when the advice went in. Called on the install thread: a container's first hooked class cost
     * its loading thread about 160 ms of CPU (Tomcat 7, StandardHostValve), nearly all of it Byte Buddy
     * and ASM loading and setting up their classes, on the path of the container's start; after the
     * warm-up that thread finds them ready.
     */
    public static boolean warmUp() {
        ClassLoader agentLoader = Hooks.class.getClassLoader();
        HookSpec spec = new HookSpec("warm-up", HookTransformer.WARM_UP_TARGET, "invoke", new String[] {null, null},
                "WarmUpAdvice", null, null);
        HookTransformer.Hook hook = new HookTransformer.Hook(spec, typeCheck(spec, Collections.<HookTransformer.Hook>emptyList()),
                methods(spec), reportingTo(simpleName(spec.advice)), null);
        HookTransformer.Listener quiet = new HookTransformer.Listener() {
            @Override
            public void hooked(String hookLabel, String typeName, ClassLoader loader) {
            }

            @Override
            public void failed(String typeName, ClassLoader loader, Throwable error) {
                AgentLog.debug("hook warm-up failed: " + AgentLog.describe(error));
            }

            @Override
            public void refused(String hookLabel, String typeName, ClassLoader loader, String reason) {
                AgentLog.debug("hook warm-up refused: " + reason);
            }
        };
        try {
            byte[] classFile = ClassFileLocator.ForClassLoader.of(agentLoader).locate(HookTransformer.WARM_UP_TARGET).resolve();
            return new HookTransformer(Collections.singletonList(hook), agentLoader, quiet)
                    .hook(agentLoader, HookTransformer.WARM_UP_TARGET, classFile) != null;
        } catch (Throwable t) {
            AgentLog.debug("hook warm-up failed: " + AgentLog.describe(t));
            return false;
        }
    }

    /** The hook of {@code spec}, made once, after the hooks it refers to. */
    private static HookTransformer.Hook hook(HookSpec spec, Map<HookSpec, HookTransformer.Hook> made) {
        HookTransformer.Hook hook = made.get(spec);
        if (hook == null) {
            HookTransformer.Hook partner = spec.partner == null ? null : hook(spec.partner, made);
            List<HookTransformer.Hook> leftTo = new ArrayList<HookTransformer.Hook>();
            for (HookSpec left : spec.leftToHook) {
                leftTo.add(hook(left, made));
            }
            hook = new HookTransformer.Hook(spec, typeCheck(spec, leftTo), methods(spec),
                    reportingTo(simpleName(spec.advice)), partner);
            made.put(spec, hook);
        }
        return hook;
    }

    static HookTransformer.TypeCheck typeCheck(final HookSpec spec, List<HookTransformer.Hook> leftTo) {
        if (spec.chainInterface() != null) {
            return new ChainMatcher(spec.chainInterface(), spec.leftAlone, leftTo);
        }
        final SeesType marker = spec.marker == null ? null : new SeesType(spec.marker);
        return new HookTransformer.TypeCheck() {
            @Override
            public boolean matches(TypeDescription candidate, ClassLoader loader) {
                if (!candidate.getName().equals(spec.target)) {
                    return false;
                }
                // a versioned hook goes into a class only (Jetty 12's HttpChannel is an interface)
                return marker == null || !candidate.isInterface() && marker.matches(loader) == spec.markerPresent;
            }
        };
    }

    /** The spec's method: its name and arity, each named parameter type, and for a filter chain a body. */
    public static ElementMatcher.Junction<MethodDescription> methods(HookSpec spec) {
        ElementMatcher.Junction<MethodDescription> methods = named(spec.method).and(takesArguments(spec.parameters.length));
        for (int i = 0; i < spec.parameters.length; i++) {
            if (spec.parameters[i] != null) {
                methods = methods.and(takesArgument(i, named(spec.parameters[i])));
            }
        }
        return spec.chainInterface() == null ? methods : methods.and(not(isAbstract()));
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * What suppressed advice exceptions become: a call to {@code CorsBridge.adviceFailed(error,
     * adviceName)}, logged rate-limited by the agent, instead of vanishing.
     */
    public static Advice.ExceptionHandler reportingTo(String adviceName) {
        return new Advice.ExceptionHandler.Simple(new StackManipulation.Compound(
                new TextConstant(adviceName), CALL_ADVICE_FAILED));
    }

    /**
     * {@code CorsBridge.adviceFailed(Throwable, String)} as one instruction, rather than a Byte Buddy
     * description of the reflected method: that description's first use sets up reflection
     * dispatchers (generated classes and proxies) while the container waits for its hooks.
     */
    private static final StackManipulation CALL_ADVICE_FAILED = new StackManipulation.AbstractBase() {
        @Override
        public Size apply(MethodVisitor methodVisitor, Implementation.Context context) {
            methodVisitor.visitMethodInsn(Opcodes.INVOKESTATIC, CorsBridge.class.getName().replace('.', '/'),
                    "adviceFailed", "(Ljava/lang/Throwable;Ljava/lang/String;)V", false);
            return new Size(-2, 0); // pops the throwable and the name
        }
    };

    /**
     * Filter chain implementations, cheapest test first: the name (every container's chain class has
     * "Chain" in it; free, the description is lazy), then whether the class loader sees the API
     * (cached), and only then the supertype walk.
     */
    static final class ChainMatcher implements HookTransformer.TypeCheck {
        private final ElementMatcher<TypeDescription> byName = nameContains(HookCatalog.CHAIN_NAME_PART);
        private final SeesType seesApi;
        private final ElementMatcher<TypeDescription> implementsApi;
        private final List<String> leftAlone;
        private final List<HookTransformer.Hook> leftTo;

        ChainMatcher(String chainInterface) {
            this(chainInterface, Collections.<String>emptyList(), Collections.<HookTransformer.Hook>emptyList());
        }

        /**
         * Each class of {@code leftAlone} (Tomcat's, Liberty's, Jetty's, Undertow's own chains) gets no generic hook once the
         * hook at the same position of {@code leftTo} (that container's entry hook) was applied: every
         * request passed the entry hook, which decided it, so the generic advice there would only
         * cost time. Only an applied hook counts: GlassFish's chain has Tomcat's name, and its
         * same-named valve is not hooked.
         */
        ChainMatcher(String chainInterface, List<String> leftAlone, List<HookTransformer.Hook> leftTo) {
            seesApi = new SeesType(chainInterface);
            implementsApi = not(isInterface()).and(hasSuperType(ElementMatchers.<TypeDescription>named(chainInterface)));
            this.leftAlone = leftAlone;
            this.leftTo = leftTo;
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader) {
            if (!byName.matches(type) || !seesApi.matches(loader)) {
                return false;
            }
            for (int i = 0; i < leftAlone.size(); i++) {
                if (leftTo.get(i).applied && type.getName().equals(leftAlone.get(i))) {
                    return false;
                }
            }
            try {
                return implementsApi.matches(type);
            } catch (RuntimeException unresolvable) {
                // a supertype the loader cannot provide (an optional dependency): not a chain we can
                // hook, and no reason for the error-level "could not hook" line meant for real failures
                AgentLog.debug("not hooked: cannot resolve the supertypes of " + type.getName() + ": "
                        + AgentLog.describe(unresolvable));
                return false;
            }
        }
    }

    /** A class loader that can see the given type (cached): the cheap check before any type matching. */
    static final class SeesType implements ElementMatcher<ClassLoader> {
        private final String resource;
        private final Map<ClassLoader, Boolean> cache = new WeakHashMap<ClassLoader, Boolean>();

        SeesType(String typeName) {
            this.resource = typeName.replace('.', '/') + ".class";
        }

        @Override
        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            synchronized (cache) {
                Boolean known = cache.get(loader);
                if (known == null) {
                    known = loader.getResource(resource) != null;
                    cache.put(loader, known);
                }
                return known;
            }
        }
    }
}
