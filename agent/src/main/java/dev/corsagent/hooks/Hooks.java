package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import dev.corsagent.log.AgentLog;

/**
 * The hooks of {@link HookCatalog} as {@link HookTransformer} applies them: each spec's class check
 * and method matcher, and its partner. Advice is named,
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
     * its loading thread about 160 ms of CPU (Tomcat 7, StandardHostValve), nearly all of it the weaver (Byte Buddy until 2026-12-04)
     * and ASM loading and setting up their classes, on the path of the container's start; after the
     * warm-up that thread finds them ready.
     */
    public static boolean warmUp() {
        ClassLoader agentLoader = Hooks.class.getClassLoader();
        HookSpec spec = new HookSpec("warm-up", HookTransformer.WARM_UP_TARGET, "invoke", new String[] {null, null},
                "WarmUpAdvice", null, null);
        HookTransformer.Hook hook = new HookTransformer.Hook(spec, typeCheck(spec, Collections.<HookTransformer.Hook>emptyList()),
                methods(spec), null);
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
            byte[] classFile = ClassFiles.classFile(agentLoader, HookTransformer.WARM_UP_TARGET.replace('.', '/'));
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
            hook = new HookTransformer.Hook(spec, typeCheck(spec, leftTo), methods(spec), partner);
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
            public boolean matches(ClassShape candidate, ClassLoader loader, ClassFiles types) {
                if (!candidate.binaryName().equals(spec.target)) {
                    return false;
                }
                // a versioned hook goes into a class only (Jetty 12's HttpChannel is an interface)
                return marker == null || !candidate.isInterface() && marker.matches(loader) == spec.markerPresent;
            }
        };
    }

    /** A method a hook goes into. */
    public interface MethodCheck {
        /** {@code method} is its name and descriptor, as {@link ClassShape#methods} keys it. */
        boolean matches(String method, int access);
    }

    /** The spec's method: its name and arity, each named parameter type, and for a filter chain a body. */
    public static MethodCheck methods(final HookSpec spec) {
        return new MethodCheck() {
            @Override
            public boolean matches(String method, int access) {
                if (!method.startsWith(spec.method) || method.indexOf('(') != spec.method.length()) {
                    return false;
                }
                Type[] arguments = Type.getArgumentTypes(method.substring(spec.method.length()));
                if (arguments.length != spec.parameters.length) {
                    return false;
                }
                for (int i = 0; i < arguments.length; i++) {
                    if (spec.parameters[i] != null && !arguments[i].getClassName().equals(spec.parameters[i])) {
                        return false;
                    }
                }
                return spec.chainInterface() == null || (access & Opcodes.ACC_ABSTRACT) == 0;
            }
        };
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Filter chain implementations, cheapest test first: the name (every container's chain class has
     * "Chain" in it; free, the shape is read already), then whether the class loader sees the API
     * (cached), and only then the supertype walk.
     */
    static final class ChainMatcher implements HookTransformer.TypeCheck {
        private final SeesType seesApi;
        private final String chainInterface;
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
            this.chainInterface = chainInterface.replace('.', '/');
            this.leftAlone = leftAlone;
            this.leftTo = leftTo;
        }

        @Override
        public boolean matches(ClassShape type, ClassLoader loader, ClassFiles types) {
            if (!type.name.contains(HookCatalog.CHAIN_NAME_PART) || type.isInterface() || !seesApi.matches(loader)) {
                return false;
            }
            for (int i = 0; i < leftAlone.size(); i++) {
                if (leftTo.get(i).applied && type.binaryName().equals(leftAlone.get(i))) {
                    return false;
                }
            }
            // a supertype the loader cannot provide (an optional dependency) is a branch that does not lead there
            return types.hasSuperType(type, chainInterface);
        }
    }

    /** A class loader that can see the given type (cached): the cheap check before any type matching. */
    static final class SeesType {
        private final String resource;
        private final Map<ClassLoader, Boolean> cache = new WeakHashMap<ClassLoader, Boolean>();

        SeesType(String typeName) {
            this.resource = typeName.replace('.', '/') + ".class";
        }

        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            Boolean known;
            synchronized (cache) {
                known = cache.get(loader);
            }
            if (known == null) {
                // outside the lock: getResource may take the loader's own locks, held by other
                // threads that define classes and wait for this cache
                known = loader.getResource(resource) != null;
                synchronized (cache) {
                    cache.put(loader, known);
                }
            }
            return known;
        }
    }
}
