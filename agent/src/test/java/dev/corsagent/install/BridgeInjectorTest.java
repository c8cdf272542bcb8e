package dev.corsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;

import dev.corsagent.bridge.CorsBridge;

class BridgeInjectorTest {
    @Test
    void everyClassOfTheBridgePackageIsInjected() throws URISyntaxException {
        File bridgeDir = new File(CorsBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toPath().resolve("dev/corsagent/bridge").toFile();
        List<String> compiled = new ArrayList<String>();
        for (String name : bridgeDir.list()) {
            if (name.endsWith(".class")) {
                compiled.add("dev/corsagent/bridge/" + name);
            }
        }
        List<String> injected = new ArrayList<String>(Arrays.asList(BridgeInjector.BRIDGE_CLASSES));
        Collections.sort(compiled);
        Collections.sort(injected);
        assertEquals(compiled, injected, "a bridge class missing from the bootstrap would fail every hooked request");
    }

    @Test
    void theFallbackJarHoldsExactlyTheBridgeClasses() throws Exception {
        File jar = BridgeInjector.writeBridgeJar(BridgeInjector.class.getClassLoader());
        JarFile file = new JarFile(jar);
        try {
            List<String> names = new ArrayList<String>();
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                names.add(entry.getName());
                assertNotNull(file.getInputStream(entry));
            }
            assertEquals(Arrays.asList(BridgeInjector.BRIDGE_CLASSES), names);
        } finally {
            file.close();
            jar.delete();
        }
    }

    @Test
    void definesClassesInTheBootLoaderWithoutOpeningJdkInternalsToTheAppsModule() throws Exception {
        Instrumentation instrumentation = ByteBuddyAgent.install();
        String name = "dev.corsagent.bootprobe.Probe" + System.nanoTime();
        byte[] probe = new ByteBuddy().subclass(Object.class).name(name).make().getBytes();

        BridgeInjector.defineInBootLoader(instrumentation, new String[] {name}, new byte[][] {probe});

        Class<?> defined = Class.forName(name, false, null);
        assertNull(defined.getClassLoader(), "defined in the bootstrap loader");
        if (BridgeInjector.javaFeatureVersion() >= 9) {
            Method getModule = Class.class.getMethod("getModule");
            Object javaBase = getModule.invoke(Object.class);
            Method isExported = javaBase.getClass().getMethod("isExported", String.class, javaBase.getClass());
            Object appModule = getModule.invoke(BridgeInjectorTest.class);
            assertFalse((Boolean) isExported.invoke(javaBase, "jdk.internal.misc", appModule),
                    "the app's class path must not gain access to JDK internals");
        }
    }
}
