package dev.corsagent.install;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

import dev.corsagent.hooks.ClassFiles;

/**
 * Puts the bridge classes into the bootstrap class loader, so that advice inlined into classes of
 * any class loader resolves the same {@code CorsBridge}. Runs before anything may resolve a bridge
 * class (which would otherwise load a second copy from the agent jar).
 *
 * <p>Defined there directly through the JDK's internal {@code Unsafe} ({@link BootDefiner}), which
 * is silent on every JDK. Only if that fails, a temporary jar is appended to the bootstrap search
 * path instead; the price is one line from HotSpot on stderr when class data sharing is on
 * ("Sharing is only supported for boot loader classes because bootstrap classpath has been appended").
 */
public final class BridgeInjector {
    /** Every class of the bridge package, as resource names in the agent jar. */
    static final String[] BRIDGE_CLASSES = {
        "dev/corsagent/bridge/CorsBridge.class",
        "dev/corsagent/bridge/ContainerKeys.class",
        "dev/corsagent/bridge/DotSegments.class",
        "dev/corsagent/bridge/RequestHandler.class",
        "dev/corsagent/bridge/RequestReads.class",
        "dev/corsagent/bridge/ResponsePlan.class",
        "dev/corsagent/bridge/VaryMerge.class",
        "dev/corsagent/bridge/VaryMerge$Merged.class",
    };

    private BridgeInjector() {
    }

    /**
     * Writes the bridge classes into a temporary jar and appends it to the bootstrap search path.
     * Returns null on success, else why it failed.
     */
    public static String inject(Instrumentation instrumentation) {
        try {
            if (!defineInBootLoader(instrumentation)) {
                File jar = writeBridgeJar(BridgeInjector.class.getClassLoader());
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class<?> bridge = Class.forName("dev.corsagent.bridge.CorsBridge", false,
                    BridgeInjector.class.getClassLoader());
            if (bridge.getClassLoader() != null) {
                return "CorsBridge was loaded by " + bridge.getClassLoader()
                        + " before it could be put on the bootstrap class path";
            }
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /**
     * Defines the bridge classes directly in the boot loader with {@link BootDefiner}, which is
     * loaded alone into a fresh class loader; on Java 9+ {@code jdk.internal.misc} is exported to
     * that loader's unnamed module only. Pure JDK and reflection (Byte Buddy's own Unsafe injector
     * generates a class to do the same). False when any step fails (the caller falls back to the jar).
     */
    private static boolean defineInBootLoader(Instrumentation instrumentation) {
        try {
            ClassLoader source = BridgeInjector.class.getClassLoader();
            String[] names = new String[BRIDGE_CLASSES.length];
            byte[][] classes = new byte[BRIDGE_CLASSES.length][];
            for (int i = 0; i < BRIDGE_CLASSES.length; i++) {
                String resource = BRIDGE_CLASSES[i];
                names[i] = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                classes[i] = read(source, resource);
            }
            defineInBootLoader(instrumentation, names, classes);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Defines the given classes (binary names, class files) in the boot loader, in order; throws when it cannot. */
    static void defineInBootLoader(Instrumentation instrumentation, String[] names, byte[][] classes) throws Exception {
        Class<?> definer = new IsolatedLoader().define(BootDefiner.class.getName(),
                read(BridgeInjector.class.getClassLoader(), BootDefiner.class.getName().replace('.', '/') + ".class"));
        if (javaFeatureVersion() >= 9) {
            exportToModuleOf(instrumentation, "jdk.internal.misc", definer);
        }
        definer.getMethod("define", String[].class, byte[][].class).invoke(null, names, classes);
    }

    /** A loader of one class, with the bootstrap loader as parent: its own unnamed module. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /**
     * {@code instrumentation.redefineModule(java.base, {}, {packageName: {module of target}}, {}, {}, {})},
     * by reflection: the agent compiles against Java 8.
     */
    private static void exportToModuleOf(Instrumentation instrumentation, String packageName, Class<?> target)
            throws Exception {
        Method getModule = Class.class.getMethod("getModule");
        Object javaBase = getModule.invoke(Object.class);
        Object module = getModule.invoke(target);
        Class<?> moduleType = Class.forName("java.lang.Module");
        Method redefineModule = Instrumentation.class.getMethod("redefineModule", moduleType, Set.class, Map.class,
                Map.class, Set.class, Map.class);
        redefineModule.invoke(instrumentation, javaBase, Collections.emptySet(),
                Collections.singletonMap(packageName, Collections.singleton(module)),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
    }

    static int javaFeatureVersion() {
        String version = System.getProperty("java.specification.version", "1.8");
        try {
            return version.startsWith("1.") ? Integer.parseInt(version.substring(2)) : Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return 8;
        }
    }

    static File writeBridgeJar(ClassLoader source) throws IOException {
        File jar = File.createTempFile("cors-agent-bridge-", ".jar");
        jar.deleteOnExit();
        JarOutputStream out = new JarOutputStream(new FileOutputStream(jar));
        try {
            for (String name : BRIDGE_CLASSES) {
                out.putNextEntry(new JarEntry(name));
                out.write(read(source, name));
                out.closeEntry();
            }
        } finally {
            out.close();
        }
        return jar;
    }

    private static byte[] read(ClassLoader source, String name) throws IOException {
        byte[] bytes = ClassFiles.resource(source, name);
        if (bytes == null) {
            throw new IOException("missing from the agent jar: " + name);
        }
        return bytes;
    }
}
