package dev.corsagent.hooks;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * The container hooks as one class file transformer. For a class whose name a hook may want
 * ({@link HookCatalog}), Byte Buddy describes it from its class file, and each hook that matches
 * inlines its advice into the hooked methods; the class gains no field and no method, so the same
 * transformer also serves retransformation (attach).
 *
 * <p>Why neither Byte Buddy's {@code AgentBuilder} nor its {@code ByteBuddy.redefine}: the first
 * generates and loads a class of its own when first used, the second loads some 200 classes of
 * type-building machinery, all on the path of the container's start, and the advice needs neither:
 * it is an ASM class visitor, applied here directly.
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
        boolean matches(TypeDescription type, ClassLoader loader);
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
        final ElementMatcher<? super MethodDescription> methods;
        final String adviceClass;
        final Advice.ExceptionHandler exceptionHandler;
        final Hook partner;
        /** Set once this hook was applied to a class; a refusal anywhere sets {@code refused}. */
        volatile boolean applied;
        volatile boolean refused;

        Hook(HookSpec spec, TypeCheck type, ElementMatcher<? super MethodDescription> methods,
             Advice.ExceptionHandler exceptionHandler, Hook partner) {
            this.spec = spec;
            this.label = spec.label;
            this.target = spec.target;
            this.type = type;
            this.methods = methods;
            this.adviceClass = spec.advice;
            this.exceptionHandler = exceptionHandler;
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
    private final ClassFileLocator agentClasses;
    private final Listener listener;
    private final LinkCheck linkCheck;

    HookTransformer(List<Hook> hooks, ClassLoader agentLoader, Listener listener) {
        this.hooks = hooks;
        this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
        this.listener = listener;
        this.linkCheck = new LinkCheck(agentClasses);
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
            // the class itself from its bytes, its supertypes from its loader, advice from the agent
            // jar; advice types resolve through the same pool, so they bind to the types the hooked
            // class sees
            ClassFileLocator classes = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                    ClassFileLocator.ForClassLoader.of(loader), agentClasses);
            TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                    classes, TypePool.Default.ReaderMode.FAST);
            TypeDescription type = pool.describe(name).resolve();
            if (type.isSynthetic()) {
                return null;
            }
            List<AsmVisitorWrapper> advice = new ArrayList<AsmVisitorWrapper>(2);
            List<Hook> applied = new ArrayList<Hook>(2);
            TypePool loaderOnly = null;
            for (Hook hook : hooks) {
                if (!hook.type.matches(type, loader) || type.getDeclaredMethods().filter(hook.methods).isEmpty()) {
                    continue; // not this hook's class, or a version of it without the hooked method
                }
                if (loaderOnly == null) {
                    // what the loader itself provides: no fallback to the agent's classes
                    loaderOnly = new TypePool.Default(TypePool.CacheProvider.Simple.withObjectType(),
                            new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                                    ClassFileLocator.ForClassLoader.of(loader)), TypePool.Default.ReaderMode.FAST);
                }
                String problem = linkProblem(hook, loader, loaderOnly);
                if (problem != null) {
                    hook.refused = true;
                    listener.refused(hook.label, name, loader, problem);
                    continue;
                }
                advice.add(Advice.to(pool.describe(hook.adviceClass).resolve(), classes)
                        .withExceptionHandler(hook.exceptionHandler)
                        .on(hook.methods));
                applied.add(hook);
            }
            if (advice.isEmpty()) {
                return null;
            }
            byte[] hooked = inline(new AsmVisitorWrapper.Compound(advice), type, pool, classFile);
            for (Hook hook : applied) {
                hook.applied = true;
                listener.hooked(hook.label, name, loader);
            }
            return hooked;
        } catch (Throwable t) {
            listener.failed(name, loader, t);
            return null; // the JVM keeps the class as it was
        }
    }

    /** Null when the hook's advice, and its partner's, link from this loader; else why not. */
    private String linkProblem(Hook hook, ClassLoader loader, TypePool loaderOnly) {
        String problem = linkCheck.problem(hook.adviceClass, loader, loaderOnly);
        if (problem != null || hook.partner == null) {
            return problem;
        }
        Hook partner = hook.partner;
        if (partner.refused) {
            return "its partner hook (" + partner.label + ") does not link in this JVM";
        }
        if (!loaderOnly.describe(partner.target).isResolved()) {
            return "its class loader cannot see " + partner.target + ", where its partner hook (" + partner.label + ") goes";
        }
        String partnerProblem = linkCheck.problem(partner.adviceClass, loader, loaderOnly);
        return partnerProblem == null ? null : "its partner hook (" + partner.label + ") would not link: " + partnerProblem;
    }

    /**
     * The class file again, with the advice inlined into the matching methods: Byte Buddy's advice
     * applied as an ASM visitor, which is what its redefinition does underneath, minus the type
     * builder machinery (hundreds of classes to load, on the path of the container's start). Nothing
     * is added, so no frames need computing: the advice writes its own.
     */
    private static byte[] inline(AsmVisitorWrapper advice, TypeDescription type, TypePool pool, byte[] classFile) {
        int writerFlags = advice.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = advice.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        ClassFileVersion version = ClassFileVersion.ofClassFile(classFile);
        // the frame and context choices Byte Buddy's own redefinition makes; the disabled context
        // refuses auxiliary types and accessors, which advice never asks for (the naming strategy is unused)
        Implementation.Context.FrameGeneration frames = (writerFlags & ClassWriter.COMPUTE_FRAMES) != 0
                || !version.isAtLeast(ClassFileVersion.JAVA_V6)
                ? Implementation.Context.FrameGeneration.DISABLED
                : (readerFlags & ClassReader.EXPAND_FRAMES) != 0
                ? Implementation.Context.FrameGeneration.EXPAND
                : Implementation.Context.FrameGeneration.GENERATE;
        Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                new AuxiliaryType.NamingStrategy.Suffixing("cors"), TypeInitializer.None.INSTANCE, version, version, frames);
        ClassReader reader = OpenedClassReader.of(classFile);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        reader.accept(advice.wrap(type, writer, context, pool, type.getDeclaredFields(), type.getDeclaredMethods(),
                writerFlags, readerFlags), readerFlags);
        return writer.toByteArray();
    }
}
