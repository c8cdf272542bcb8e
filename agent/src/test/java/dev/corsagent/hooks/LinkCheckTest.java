package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void undertowsCommitAdviceDoesNotLinkInACoreOnlyLoader() throws Exception {
        // WildFly's io.undertow.core module cannot see io.undertow.servlet, which the commit advice uses
        HookTransformer transformer = Hooks.transformer(recorder);
        URLClassLoader coreOnly = new URLClassLoader(new URL[] {jarOf(io.undertow.server.HttpServerExchange.class)},
                LinkCheckTest.class.getClassLoader().getParent());
        try {
            assertNull(transformer.transform(coreOnly, "io/undertow/server/HttpServerExchange", null, null,
                    classFile(io.undertow.server.HttpServerExchange.class)));
        } finally {
            coreOnly.close();
        }
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).contains("cannot see io.undertow.servlet.handlers.ServletRequestContext"),
                refusals.toString());
    }

    @Test
    void theReferencesOfAnAdviceIncludeItsLocalsAndCalls() throws Exception {
        LinkCheck check = new LinkCheck(ClassFileLocator.ForClassLoader.of(LinkCheckTest.class.getClassLoader()));
        LinkCheck.References used = check.referencesOf(HookCatalog.UNDERTOW_ENTRY.advice);
        // the local that broke WildFly 26's deployment: a jakarta type inlined into a javax server
        assertTrue(used.types.contains("jakarta/servlet/http/HttpServletRequest"), used.types.toString());
        assertTrue(used.types.contains("dev/corsagent/bridge/CorsBridge"), used.types.toString());
        boolean callsGetOriginalRequest = false;
        for (String[] m : used.methods) {
            callsGetOriginalRequest |= m[0].equals("io/undertow/servlet/handlers/ServletRequestContext")
                    && m[1].equals("getOriginalRequest");
        }
        assertTrue(callsGetOriginalRequest);
    }
}
