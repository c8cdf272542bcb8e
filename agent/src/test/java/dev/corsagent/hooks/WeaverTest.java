package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RecordingHandler;

/**
 * The weaver on a class of the test's own: each binding, the skip, the exit on a return and on a
 * throw, the suppressing handler, wide locals, a frame at the first instruction, and a class file
 * from before Java 6 (no frames). The class is loaded and run: the verifier checks the frames.
 */
class WeaverTest {
    private RecordingHandler handler;

    @BeforeEach
    void recordFailures() {
        WeaverProbes.EVENTS.clear();
        handler = RecordingHandler.installed();
    }

    @AfterEach
    void uninstall() {
        CorsBridge.install(null);
    }

    private static Class<?> woven(int version) throws Exception {
        String name = WeaverProbes.Target.class.getName();
        byte[] original = ClassFiles.classFile(WeaverTest.class.getClassLoader(), name.replace('.', '/'));
        if (version != 0) {
            original = original.clone();
            original[6] = (byte) (version >> 8);
            original[7] = (byte) version;
        }
        ClassShape shape = ClassShape.read(original);
        Map<String, AdviceCode> advice = new LinkedHashMap<String, AdviceCode>();
        for (String method : shape.methods.keySet()) {
            Class<?> adviceClass = method.startsWith("invoke(") ? WeaverProbes.InvokeAdvice.class
                    : method.startsWith("wide(") ? WeaverProbes.WideAdvice.class
                    : method.startsWith("loop(") ? WeaverProbes.LoopAdvice.class : null;
            if (adviceClass != null) {
                advice.put(method, AdviceCode.read(adviceClass.getName(),
                        ClassFiles.classFile(WeaverTest.class.getClassLoader(), adviceClass.getName().replace('.', '/'))));
            }
        }
        assertEquals(3, advice.size());
        final byte[] bytes = Weaver.weave(original, advice, new ClassFiles(WeaverTest.class.getClassLoader(), shape));
        ClassLoader loader = new net.bytebuddy.dynamic.loading.ByteArrayClassLoader.ChildFirst(
                WeaverTest.class.getClassLoader(), Collections.singletonMap(name, bytes));
        return Class.forName(name, true, loader);
    }

    private static Object call(Object target, String method, Object... args) throws Throwable {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method)) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError(method);
    }

    @Test
    void enterBodyAndExitRunInOrderWithTheBindingsTheyAsk() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(7, call(target, "invoke", "go", null));
        assertEquals(Arrays.asList("enter", "3", "body", "exit", "local kept"), WeaverProbes.EVENTS);
        assertEquals(Collections.emptyList(), handler.failures);
    }

    @Test
    void aTrueEnterSkipsTheBodyAndTheExitWritesTheReturnValue() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(42, call(target, "invoke", "skip", null));
        assertEquals(Arrays.asList("enter", "3", "exit", "local kept"), WeaverProbes.EVENTS);
    }

    @Test
    void aThrowingBodyRunsTheExitAndTheThrowableGoesOn() throws Throwable {
        final Object target = woven(0).getConstructor().newInstance();
        java.io.IOException thrown = assertThrows(java.io.IOException.class, () -> call(target, "invoke", "throw", null));
        assertEquals("from the body", thrown.getMessage());
        assertEquals(Arrays.asList("enter", "3", "body", "exit", "local kept"), WeaverProbes.EVENTS);
    }

    @Test
    void theBodysOwnHandlersStillCatchFirst() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(7, call(target, "invoke", "catch", null));
        assertEquals(Arrays.asList("enter", "3", "body", "caught inside", "exit", "local kept"), WeaverProbes.EVENTS);
    }

    @Test
    void aFailingAdviceIsReportedAndTheMethodRunsAsIfUnhooked() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(7, call(target, "invoke", "fail-enter", null));
        assertEquals(Arrays.asList("enter", "3", "body", "exit", "null"), WeaverProbes.EVENTS,
                "a failed enter leaves the local at its default");
        assertEquals(7, call(target, "invoke", "go", "fail-exit"));
        assertEquals(Arrays.asList("WeaverProbes$InvokeAdvice: IllegalStateException",
                "WeaverProbes$InvokeAdvice: IllegalStateException"), handler.failures);
        assertEquals("the advice failed", handler.errors.get(0).getMessage());
        assertEquals("the exit failed", handler.errors.get(1).getMessage());
    }

    @Test
    void wideArgumentsAndAWideReturnKeepTheirSlots() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(1005L, call(target, "wide", 2L, 3.5d, "req"));
        assertEquals(Arrays.asList("2", "req", "wide body"), WeaverProbes.EVENTS);
    }

    @Test
    void aBodyStartingWithABranchTarget() throws Throwable {
        Object target = woven(0).getConstructor().newInstance();
        assertEquals(0, call(target, "loop", 5));
        assertEquals(Collections.singletonList("5"), WeaverProbes.EVENTS);
    }

    @Test
    void aClassFileFromBeforeJava6GetsNoFrames() throws Throwable {
        Object target = woven(49).getConstructor().newInstance();
        assertEquals(42, call(target, "invoke", "skip", null));
        assertEquals(7, call(target, "invoke", "catch", null));
        assertEquals(1005L, call(target, "wide", 2L, 3.5d, "req"));
        assertTrue(WeaverProbes.EVENTS.contains("caught inside"));
    }

    @Test
    void aJava6ClassFileKeepsItsFrames() throws Throwable {
        Object target = woven(50).getConstructor().newInstance();
        assertEquals(42, call(target, "invoke", "skip", null));
        assertEquals(0, call(target, "loop", 5));
    }

    /** {@code Derived.handle} woven with the advice, or the weaver's refusal. */
    private static byte[] weaveHandle(Class<?> adviceClass) {
        ClassLoader loader = WeaverTest.class.getClassLoader();
        byte[] original = ClassFiles.classFile(loader, WeaverProbes.Derived.class.getName().replace('.', '/'));
        ClassShape shape = ClassShape.read(original);
        Map<String, AdviceCode> advice = new LinkedHashMap<String, AdviceCode>();
        for (String method : shape.methods.keySet()) {
            if (method.startsWith("handle(")) {
                advice.put(method, AdviceCode.read(adviceClass.getName(),
                        ClassFiles.classFile(loader, adviceClass.getName().replace('.', '/'))));
            }
        }
        return Weaver.weave(original, advice, new ClassFiles(loader, shape));
    }

    @Test
    void aProtectedFieldOfTheSuperclassIsRead() throws Throwable {
        String name = WeaverProbes.Derived.class.getName();
        ClassLoader loader = new net.bytebuddy.dynamic.loading.ByteArrayClassLoader.ChildFirst(
                WeaverTest.class.getClassLoader(), Collections.singletonMap(name, weaveHandle(WeaverProbes.InheritedFieldAdvice.class)));
        Object derived = Class.forName(name, true, loader).getConstructor().newInstance();
        assertEquals(2, call(derived, "handle", "request"));
        assertEquals(Arrays.asList("inherited 2"), WeaverProbes.EVENTS);
    }

    @Test
    void aFieldTheHookedClassMayNotReadOnThisIsRefusedAtWeaveTime() {
        // a private field of the superclass, a static field: GETFIELD on them fails at every call
        IllegalStateException hidden = assertThrows(IllegalStateException.class,
                () -> weaveHandle(WeaverProbes.PrivateFieldAdvice.class));
        assertTrue(hidden.getMessage().contains("hidden"), hidden.getMessage());
        IllegalStateException counter = assertThrows(IllegalStateException.class,
                () -> weaveHandle(WeaverProbes.StaticFieldAdvice.class));
        assertTrue(counter.getMessage().contains("counter"), counter.getMessage());
    }

    @Test
    void aLocalDeclaredWithTwoTypesIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> weaveHandle(WeaverProbes.MismatchedLocalAdvice.class));
        assertTrue(refused.getMessage().contains("@Local(\"kept\")"), refused.getMessage());
    }

    @Test
    void skipOnIsRefusedWhereTheEnterResultCannotBeTested() {
        for (Class<?> adviceClass : Arrays.<Class<?>>asList(WeaverProbes.FloatSkipAdvice.class, WeaverProbes.VoidSkipAdvice.class)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> AdviceCode.read(adviceClass.getName(),
                    ClassFiles.classFile(WeaverTest.class.getClassLoader(), adviceClass.getName().replace('.', '/'))));
            assertTrue(refused.getMessage().contains("skipOn"), refused.getMessage());
        }
    }

    /**
     * {@code int handle(Object)} returning 2, as a class file of its own; with {@code extra} it
     * first pushes a value it never pops (legal bytecode no javac writes, as an obfuscator may).
     */
    private static byte[] stackyClass(boolean extra) {
        net.bytebuddy.jar.asm.ClassWriter writer = new net.bytebuddy.jar.asm.ClassWriter(
                net.bytebuddy.jar.asm.ClassWriter.COMPUTE_MAXS);
        writer.visit(net.bytebuddy.jar.asm.Opcodes.V1_8, net.bytebuddy.jar.asm.Opcodes.ACC_PUBLIC,
                "dev/corsagent/hooks/StackyTarget", null, "java/lang/Object", null);
        net.bytebuddy.jar.asm.MethodVisitor init = writer.visitMethod(net.bytebuddy.jar.asm.Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(net.bytebuddy.jar.asm.Opcodes.ALOAD, 0);
        init.visitMethodInsn(net.bytebuddy.jar.asm.Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(net.bytebuddy.jar.asm.Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        net.bytebuddy.jar.asm.MethodVisitor handle = writer.visitMethod(net.bytebuddy.jar.asm.Opcodes.ACC_PUBLIC, "handle",
                "(Ljava/lang/Object;)I", null, null);
        handle.visitCode();
        if (extra) {
            handle.visitInsn(net.bytebuddy.jar.asm.Opcodes.ICONST_1);
        }
        handle.visitInsn(net.bytebuddy.jar.asm.Opcodes.ICONST_2);
        handle.visitInsn(net.bytebuddy.jar.asm.Opcodes.IRETURN);
        handle.visitMaxs(0, 0);
        handle.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] weaveStacky(byte[] original) {
        ClassLoader loader = WeaverTest.class.getClassLoader();
        ClassShape shape = ClassShape.read(original);
        Class<?> adviceClass = WeaverProbes.ExitOnlyAdvice.class;
        Map<String, AdviceCode> advice = Collections.singletonMap("handle(Ljava/lang/Object;)I", AdviceCode.read(
                adviceClass.getName(), ClassFiles.classFile(loader, adviceClass.getName().replace('.', '/'))));
        return Weaver.weave(original, advice, new ClassFiles(loader, shape));
    }

    private static Object runHandle(byte[] classFile) throws Throwable {
        ClassLoader loader = new net.bytebuddy.dynamic.loading.ByteArrayClassLoader.ChildFirst(
                WeaverTest.class.getClassLoader(), Collections.singletonMap("dev.corsagent.hooks.StackyTarget", classFile));
        return call(Class.forName("dev.corsagent.hooks.StackyTarget", true, loader).getConstructor().newInstance(),
                "handle", "request");
    }

    @Test
    void aMethodThatReturnsFromADeeperStackIsRefusedNotBroken() throws Throwable {
        byte[] stacky = stackyClass(true);
        assertEquals(2, runHandle(stacky), "the JVM runs the class as it is");
        // the weaver's exit frame has an empty stack: woven, the class would fail verification
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> weaveStacky(stacky));
        assertTrue(refused.getMessage().contains("more stack slots"), refused.getMessage());
    }

    @Test
    void theSameMethodReturningFromAnEmptyStackIsWoven() throws Throwable {
        assertEquals(2, runHandle(weaveStacky(stackyClass(false))));
        assertEquals(Arrays.asList("exit 2"), WeaverProbes.EVENTS);
    }
}
