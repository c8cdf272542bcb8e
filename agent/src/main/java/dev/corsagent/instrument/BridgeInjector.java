package dev.corsagent.instrument;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the bridge classes into the bootstrap class loader, so that advice inlined into classes of
 * any class loader resolves the same {@code CorsBridge}. Runs before anything may resolve a bridge
 * class (which would otherwise load a second copy from the agent jar).
 *
 * <p>Up to Java 23: define them there directly with Byte Buddy's Unsafe injector, which is silent.
 * From Java 24 on, {@code sun.misc.Unsafe} prints a deprecation warning on first use, so (and as
 * the fallback everywhere) a temporary jar is appended to the bootstrap search path instead; the
 * price is one line from HotSpot on stderr when class data sharing is on ("Sharing is only
 * supported for boot loader classes because bootstrap classpath has been appended").
 */
public final class BridgeInjector {
    /** Every class of the bridge package, as resource names in the agent jar. */
    static final String[] BRIDGE_CLASSES = {
        "dev/corsagent/bridge/CorsBridge.class",
        "dev/corsagent/bridge/RequestHandler.class",
        "dev/corsagent/bridge/ResponsePlan.class",
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

    private static boolean defineInBootLoader(Instrumentation instrumentation) {
        if (javaFeatureVersion() >= 24) {
            return false;
        }
        try {
            ClassInjector.UsingUnsafe.Factory factory = ClassInjector.UsingUnsafe.Factory.resolve(instrumentation);
            if (!factory.isAvailable()) {
                return false;
            }
            ClassLoader source = BridgeInjector.class.getClassLoader();
            Map<String, byte[]> classes = new LinkedHashMap<String, byte[]>();
            for (String resource : BRIDGE_CLASSES) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                classes.put(name, read(source, resource));
            }
            factory.make(null).injectRaw(classes);
            return true;
        } catch (Throwable t) {
            return false;
        }
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
        InputStream in = source == null ? ClassLoader.getSystemResourceAsStream(name)
                : source.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing from the agent jar: " + name);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        } finally {
            in.close();
        }
    }
}
