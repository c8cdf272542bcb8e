package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/**
 * A hook is applied only where its advice links: loaders that cannot see the bridge or a type the
 * advice uses keep the class byte for byte, with one refusal naming hook, class and reason; an entry
 * hook whose commit partner was refused is refused too. The servers where this happens for real
 * (WildFly, Liberty, GlassFish, Jetty 10) are in agent-tests' *SafetyIT.
 */
class LinkCheckTest {
    private final List<String> refusals = new ArrayList<String>();
    private final List<String> hooked = new ArrayList<String>();
    private final HookTransformer.Listener recorder = new HookTransformer.Listener() {
        @Override
        public void hooked(String hookLabel, String typeName, ClassLoader loader) {
            hooked.add(typeName);
        }

        @Override
        public void failed(String typeName, ClassLoader loader, Throwable error) {
            throw new AssertionError(typeName, error);
        }

        @Override
        public void refused(String hookLabel, String typeName, ClassLoader loader, String reason) {
            refusals.add(hookLabel + " | " + typeName + " | " + reason);
            new HookListener().refused(hookLabel, typeName, loader, reason); // the log line; must not throw
        }
    };

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static byte[] classFile(Class<?> type) throws Exception {
        return ClassFileLocator.ForClassLoader.read(type);
    }

    private static byte[] valveClassFile() throws Exception {
        return ClassFileLocator.ForClassLoader.of(LinkCheckTest.class.getClassLoader()).locate(HookCatalog.TOMCAT_ENTRY.target).resolve();
    }

    @Test
    void aLoaderThatCannotSeeTheBridgeKeepsTheClassAsItWas() throws Exception {
        HookTransformer transformer = Hooks.transformer(recorder);
        // Tomcat alone, under the boot loader: the bridge (here on the test class path) is not visible,
        // as in a JBoss Modules or OSGi loader without the agent's package delegated
        URLClassLoader isolated = new URLClassLoader(new URL[] {jarOf(org.apache.coyote.Response.class)}, null);
        try {
            assertNull(transformer.transform(isolated, "org/apache/coyote/Response", null, null,
                    classFile(org.apache.coyote.Response.class)));
        } finally {
            isolated.close();
        }
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).startsWith("Tomcat response commit"), refusals.toString());
        assertTrue(refusals.get(0).contains("cannot see the agent's bridge"), refusals.toString());
        assertTrue(hooked.isEmpty(), hooked.toString());
    }

    @Test
    void anEntryHookWhoseCommitPartnerWasRefusedIsRefusedToo() throws Exception {
        HookTransformer transformer = Hooks.transformer(recorder);
        URLClassLoader isolated = new URLClassLoader(new URL[] {jarOf(org.apache.coyote.Response.class)}, null);
        try {
            transformer.transform(isolated, "org/apache/coyote/Response", null, null,
                    classFile(org.apache.coyote.Response.class));
        } finally {
            isolated.close();
        }
        // the test loader sees the bridge and Tomcat: the entry would link, but its commit did not
        ClassLoader loader = LinkCheckTest.class.getClassLoader();
        assertNull(transformer.transform(loader, "org/apache/catalina/core/StandardHostValve", null, null,
                valveClassFile()));
        assertEquals(2, refusals.size(), refusals.toString());
        assertTrue(refusals.get(1).startsWith("Tomcat request entry"), refusals.toString());
        assertTrue(refusals.get(1).contains("partner hook (Tomcat response commit"), refusals.toString());

        // and the generic hook still takes Tomcat's chain: no entry hook was applied
        assertTrue(transformer.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null,
                classFile(org.apache.catalina.core.ApplicationFilterChain.class)) != null);
    }

    @Test
    void whereEverythingLinksTheHooksApply() throws Exception {
        HookTransformer transformer = Hooks.transformer(recorder);
        ClassLoader loader = LinkCheckTest.class.getClassLoader();
        assertTrue(transformer.transform(loader, "org/apache/catalina/core/StandardHostValve", null, null,
                valveClassFile()) != null);
        assertTrue(transformer.transform(loader, "org/apache/coyote/Response", null, null,
                classFile(org.apache.coyote.Response.class)) != null);
        assertTrue(refusals.isEmpty(), refusals.toString());
    }

    @Test
    void undertowsCommitAdviceLinksInACoreOnlyLoader() throws Exception {
        // WildFly's io.undertow.core module sees the bridge (system packages) but not io.undertow.servlet
        HookTransformer transformer = Hooks.transformer(recorder);
        final ClassLoader test = LinkCheckTest.class.getClassLoader();
        ClassLoader bridgeOnly = new ClassLoader(test.getParent()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("dev.corsagent.bridge.")) {
                    return test.loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        URLClassLoader coreOnly = new URLClassLoader(new URL[] {jarOf(io.undertow.server.HttpServerExchange.class)},
                bridgeOnly);
        try {
            assertTrue(transformer.transform(coreOnly, "io/undertow/server/HttpServerExchange", null, null,
                    classFile(io.undertow.server.HttpServerExchange.class)) != null);
        } finally {
            coreOnly.close();
        }
        assertTrue(refusals.isEmpty(), refusals.toString());
    }

    @Test
    void undertowsAdviceNameNoServletApiAndTheCommitNoUndertowServletType() throws Exception {
        // one entry advice for Undertow 2.2 (javax) and 2.3 (jakarta); the commit advice for io.undertow.core
        LinkCheck check = new LinkCheck(LinkCheckTest.class.getClassLoader());
        LinkCheck.References entry = check.referencesOf(HookCatalog.UNDERTOW_ENTRY.advice);
        assertTrue(entry.types.contains("io/undertow/servlet/spec/HttpServletRequestImpl"), entry.types.toString());
        assertTrue(entry.types.contains("dev/corsagent/bridge/CorsBridge"), entry.types.toString());
        for (String type : entry.types) {
            assertFalse(type.startsWith("javax/servlet/") || type.startsWith("jakarta/servlet/"), type);
        }
        for (String[] m : entry.methods) {
            assertFalse(m[2].contains("javax/servlet/") || m[2].contains("jakarta/servlet/"), m[0] + "." + m[1] + m[2]);
        }
        LinkCheck.References commit = check.referencesOf(HookCatalog.UNDERTOW_COMMIT.advice);
        for (String type : commit.types) {
            assertFalse(type.startsWith("io/undertow/servlet/") || type.contains("/servlet/"), type);
        }
        for (String[] m : commit.methods) {
            assertFalse(m[0].contains("/servlet/") || m[2].contains("/servlet/"), m[0] + "." + m[1] + m[2]);
        }
    }
}
