package dev.corsagent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The container hooks as one class file transformer. For a class whose name a hook may want
 * ({@link HookTargets}), Byte Buddy describes it from its class file, and each hook that matches
 * inlines its advice into the hooked methods; the class gains no field and no method, so the same
 * transformer also serves retransformation (attach).
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder}: its transformer class generates and loads a class
 * of its own when first used, which was a third of the agent's install time, and we need none of
 * what it adds beyond this.
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

    /**
     * Redefinition without class format changes: no added members, no bridges, no type
     * initializer, and only the declared methods considered (the advice rewrites no other).
     */
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
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
            DynamicType.Builder<?> builder = null;
            for (Hook hook : hooks) {
                if (hook.type.matches(type, loader)) {
                    if (builder == null) {
                        builder = byteBuddy.redefine(type, classes);
                    }
                    builder = builder.visit(Advice.to(pool.describe(hook.adviceClass).resolve(), classes)
                            .withExceptionHandler(hook.exceptionHandler)
                            .on(hook.methods));
                }
            }
            if (builder == null) {
                return null;
            }
            byte[] hooked = builder.make(pool).getBytes();
            listener.hooked(type, loader);
            return hooked;
        } catch (Throwable t) {
            listener.failed(name, loader, t);
            return null; // the JVM keeps the class as it was
        }
    }
}
