package dev.corsagent.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's own weaving ({@link Weaver}) of one advice into a class, for the advice tests. */
public final class WeaveForTest {
    private WeaveForTest() {
    }

    /** The class file of {@code type} with {@code adviceClass} inlined into the methods {@code methods} selects. */
    public static byte[] weave(Class<?> type, String adviceClass, Hooks.MethodCheck methods) {
        String internalName = type.getName().replace('.', '/');
        return weave(type.getClassLoader(), ClassFiles.classFile(type.getClassLoader(), internalName), adviceClass, methods);
    }

    /** The same for a class file that {@code loader} provides the supertypes of. */
    public static byte[] weave(ClassLoader loader, byte[] classFile, String adviceClass, Hooks.MethodCheck methods) {
        ClassShape shape = ClassShape.read(classFile);
        Map<String, AdviceCode> hooked = new LinkedHashMap<String, AdviceCode>();
        AdviceCode advice = AdviceCode.read(adviceClass,
                ClassFiles.classFile(WeaveForTest.class.getClassLoader(), adviceClass.replace('.', '/')));
        for (Map.Entry<String, Integer> method : shape.methods.entrySet()) {
            if (methods.matches(method.getKey(), method.getValue())) {
                hooked.put(method.getKey(), advice);
            }
        }
        if (hooked.isEmpty()) {
            throw new AssertionError("no method of " + shape.name + " is hooked");
        }
        return Weaver.weave(classFile, hooked, new ClassFiles(loader, shape));
    }
}
