package dev.corsagent.hooks;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container hooks as one class file transformer. For a class whose name a hook may want
 * ({@link HookCatalog}), its class file is read ({@link ClassShape}), and each hook that matches
 * has its advice inlined into the hooked methods ({@link Weaver}); the class gains no field and no
 * method, so the same transformer also serves retransformation (attach).
 *
 * <p>Why not Byte Buddy's {@code Advice} and type pool, which did this before: loading and first
 * running their 600 classes cost a container's start about 250 ms of CPU on two cores (docs/DESIGN.md,
 * "Start cost"); what the agent's advice needs of them is a few hundred lines of ASM, in {@link Weaver}.
 */
public final class HookTransformer implements ClassFileTransformer {
    /** Told about every hooked class and every failure (see {@link HookListener}). */
    public interface Listener {
        /** Once per hook applied to a class. */
        void hooked(String hookLabel, String typeName, ClassLoader loader);

        void failed(String typeName, ClassLoader loader, Throwable error);

        /** A hook that would apply but does not link in this loader: the class is left as it was. */
        void refused(String hookLabel, String typeName, ClassLoader loader, String reason);
    }

    /** Which classes a hook wants, checked on the described class and its loader. */
    interface TypeCheck {
        boolean matches(ClassShape type, ClassLoader loader, ClassFiles types);
    }

    /**
     * One advice class inlined into the methods {@code methods} selects, in the classes {@code type}
     * accepts. An entry hook names its commit hook as {@code partner}: an entry without its commit
     * would answer preflights without headers and keep the generic hook out, so the entry is applied
     * only where the partner links too.
     */
    static final class Hook {
        final HookSpec spec;
        final String label;
        /** The class hooked, by name; null for a hook that matches by supertype (the filter chains). */
        final String target;
        final TypeCheck type;
        final Hooks.MethodCheck methods;
        final String adviceClass;
        final Hook partner;
        /** Set once this hook was applied to a class; a refusal anywhere sets {@code refused}. */
        volatile boolean applied;
        volatile boolean refused;

        Hook(HookSpec spec, TypeCheck type, Hooks.MethodCheck methods, Hook partner) {
            this.spec = spec;
            this.label = spec.label;
            this.target = spec.target;
            this.type = type;
            this.methods = methods;
            this.adviceClass = spec.advice;
            this.partner = partner;
        }
    }

    /**
     * What {@link Hooks#warmUp} inlines {@code WarmUpAdvice} into: only its class file is read, the
     * class is never loaded through this name.
     */
    static final class WarmUpTarget {
        private int state;

        int invoke(Object request, Object response) {
            return state + (request == response ? 1 : 0);
        }
    }

    static final String WARM_UP_TARGET = "dev.corsagent.hooks.HookTransformer$WarmUpTarget";

    private final List<Hook> hooks;
    private final ClassLoader agentLoader;
    private final Listener listener;
    private final LinkCheck linkCheck;
    private final Map<String, AdviceCode> advice = new ConcurrentHashMap<String, AdviceCode>();

    HookTransformer(List<Hook> hooks, ClassLoader agentLoader, Listener listener) {
        this.hooks = hooks;
        this.agentLoader = agentLoader;
        this.listener = listener;
        this.linkCheck = new LinkCheck(agentLoader);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || !HookCatalog.mayBeHooked(internalName)) {
            return null;
        }
        return hook(loader, internalName.replace('/', '.'), classFile);
    }

    /** {@code classFile} with every hook that wants it inlined, or null to keep the class as it is. */
    byte[] hook(ClassLoader loader, String name, byte[] classFile) {
        try {
            ClassShape type = ClassShape.read(classFile);
            if (type.isSynthetic()) {
                return null;
            }
            // what the loader itself provides (the hooked class from its bytes): no fallback to the agent's classes
            ClassFiles types = new ClassFiles(loader, type);
            Map<String, AdviceCode> methods = new LinkedHashMap<String, AdviceCode>();
            List<Hook> applied = new ArrayList<Hook>(2);
            for (Hook hook : hooks) {
                List<String> hooked = new ArrayList<String>(1);
                if (hook.type.matches(type, loader, types)) {
                    for (Map.Entry<String, Integer> method : type.methods.entrySet()) {
                        if (hook.methods.matches(method.getKey(), method.getValue()) && !methods.containsKey(method.getKey())) {
                            hooked.add(method.getKey());
                        }
                    }
                }
                if (hooked.isEmpty()) {
                    continue; // not this hook's class, or a version of it without the hooked method
                }
                String problem = linkProblem(hook, loader, types);
                if (problem != null) {
                    hook.refused = true;
                    listener.refused(hook.label, name, loader, problem);
                    continue;
                }
                AdviceCode code = adviceCode(hook.adviceClass);
                for (String method : hooked) {
                    methods.put(method, code);
                }
                applied.add(hook);
            }
            if (methods.isEmpty()) {
                return null;
            }
            byte[] woven = Weaver.weave(classFile, methods, types);
            for (Hook hook : applied) {
                hook.applied = true;
                listener.hooked(hook.label, name, loader);
            }
            return woven;
        } catch (Throwable t) {
            listener.failed(name, loader, t);
            return null; // the JVM keeps the class as it was
        }
    }

    private AdviceCode adviceCode(String className) {
        AdviceCode code = advice.get(className);
        if (code == null) {
            byte[] classFile = ClassFiles.classFile(agentLoader, className.replace('.', '/'));
            if (classFile == null) {
                throw new IllegalStateException("the agent jar has no class file for " + className);
            }
            code = AdviceCode.read(className, classFile);
            advice.put(className, code);
        }
        return code;
    }

    /** Null when the hook's advice, and its partner's, link from this loader; else why not. */
    private String linkProblem(Hook hook, ClassLoader loader, ClassFiles types) {
        String problem = linkCheck.problem(hook.adviceClass, loader, types);
        if (problem != null || hook.partner == null) {
            return problem;
        }
        Hook partner = hook.partner;
        if (partner.refused) {
            return "its partner hook (" + partner.label + ") does not link in this JVM";
        }
        if (!types.exists(partner.target.replace('.', '/'))) {
            return "its class loader cannot see " + partner.target + ", where its partner hook (" + partner.label + ") goes";
        }
        String partnerProblem = linkCheck.problem(partner.adviceClass, loader, types);
        return partnerProblem == null ? null : "its partner hook (" + partner.label + ") would not link: " + partnerProblem;
    }
}
