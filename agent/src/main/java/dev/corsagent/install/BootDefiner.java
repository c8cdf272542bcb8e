package dev.corsagent.install;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes in the bootstrap class loader through the JDK's internal {@code Unsafe}. Pure
 * JDK, and loaded by {@link BridgeInjector} into a class loader of its own: on Java 9+ that
 * loader's unnamed module is the only one the agent opens {@code jdk.internal.misc} to, so the
 * app's class path gains no access to JDK internals. {@code jdk.internal.misc.Unsafe} prints no
 * deprecation warning (unlike {@code sun.misc.Unsafe} on Java 24+); on Java 8 {@code sun.misc.Unsafe}
 * is used, which has {@code defineClass} there.
 */
public final class BootDefiner {
    private BootDefiner() {
    }

    /** Defines {@code classes[i]} as {@code names[i]} (binary names) in the bootstrap loader, in order. */
    public static void define(String[] names, byte[][] classes) throws Exception {
        Object unsafe;
        Class<?> type;
        try {
            type = Class.forName("jdk.internal.misc.Unsafe");
            unsafe = type.getMethod("getUnsafe").invoke(null);
        } catch (ClassNotFoundException java8) {
            type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
        }
        Method defineClass = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            defineClass.invoke(unsafe, names[i], classes[i], 0, classes[i].length, null, null);
        }
    }
}
