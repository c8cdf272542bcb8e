package dev.corsagent.instrument;

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
 * ({@link HookTargets}), Byte Buddy describes it from its class file, and each hook that matches
 * inlines its advice into the hooked methods; the class gains no field and no method, so the same
 * transformer also serves retransformation (attach).
 *
 * <p>Why neither Byte Buddy's {@code AgentBuilder} nor its {@code ByteBuddy.redefine}: the first
 * generates and loads a class of its own when first used, the second loads some 200 classes of
 * type-building machinery, all on the path of the container's start, and the advice needs neither:
 * it is an ASM class visitor, applied here directly.
 */
final class HookTransformer implements ClassFileTransformer {
    /** Told about every hooked class and every failure (see {@link HookListener}). */
    interface Listener {
        void hooked(TypeDescription type, ClassLoader loader);

        void failed(String typeName, ClassLoader loader, Throwable error);
    }

    /** Which classes a hook wants, checked on the described class and its loader. */
    interface TypeCheck {
        boolean matches(TypeDescription type, ClassLoader loader);
    }

    /** One advice class inlined into the methods {@code methods} selects, in the classes {@code type} accepts. */
    static final class Hook {
        final TypeCheck type;
        final ElementMatcher<? super MethodDescription> methods;
        final String adviceClass;
        final Advice.ExceptionHandler exceptionHandler;

        Hook(TypeCheck type, ElementMatcher<? super MethodDescription> methods, String adviceClass,
             Advice.ExceptionHandler exceptionHandler) {
            this.type = type;
            this.methods = methods;
            this.adviceClass = adviceClass;
            this.exceptionHandler = exceptionHandler;
        }
    }

    private final List<Hook> hooks;
    private final ClassFileLocator agentClasses;
    private final Listener listener;

    HookTransformer(List<Hook> hooks, ClassLoader agentLoader, Listener listener) {
        this.hooks = hooks;
        this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
        this.listener = listener;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || !HookTargets.mayBeHooked(internalName)) {
            return null;
        }
        String name = internalName.replace('/', '.');
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
            for (Hook hook : hooks) {
                if (hook.type.matches(type, loader)) {
                    advice.add(Advice.to(pool.describe(hook.adviceClass).resolve(), classes)
                            .withExceptionHandler(hook.exceptionHandler)
                            .on(hook.methods));
                }
            }
            if (advice.isEmpty()) {
                return null;
            }
            byte[] hooked = inline(new AsmVisitorWrapper.Compound(advice), type, pool, classFile);
            listener.hooked(type, loader);
            return hooked;
        } catch (Throwable t) {
            listener.failed(name, loader, t);
            return null; // the JVM keeps the class as it was
        }
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
