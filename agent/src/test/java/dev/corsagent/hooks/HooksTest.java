package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.junit.jupiter.api.Test;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

class HooksTest {
    static class AppFilterChain implements FilterChain {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        }
    }

    static class Dispatcher implements FilterChain {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        }
    }

    /** The class as the hooks see it: read from its class file. */
    static ClassShape shape(Class<?> type) {
        return ClassShape.read(ClassFiles.classFile(type.getClassLoader(), type.getName().replace('.', '/')));
    }

    /** A class of this name, superclass and interfaces (the container is not on the test class path). */
    static ClassShape classNamed(String name, String superName, Class<?>... interfaces) {
        String[] names = new String[interfaces.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = interfaces[i].getName().replace('.', '/');
        }
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, superName, names);
        writer.visitEnd();
        return ClassShape.read(writer.toByteArray());
    }

    private static boolean matches(Hooks.ChainMatcher matcher, ClassShape type, ClassLoader loader) {
        return matcher.matches(type, loader, new ClassFiles(loader, type));
    }

    @Test
    void hooksTheCoyoteActionMethodOnly() {
        List<String> hooked = matching(org.apache.coyote.Response.class, Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        assertEquals(1, hooked.size(), hooked.toString());
        assertTrue(hooked.get(0).contains("action(org.apache.coyote.ActionCode,java.lang.Object)"), hooked.toString());
    }

    @Test
    void aMethodWhoseNameOnlyStartsWithTheHookedOneIsNotHooked() {
        Hooks.MethodCheck commit = Hooks.methods(HookCatalog.TOMCAT_COMMIT);
        String descriptor = "(Lorg/apache/coyote/ActionCode;Ljava/lang/Object;)V";
        assertTrue(commit.matches("action" + descriptor, Opcodes.ACC_PUBLIC));
        assertFalse(commit.matches("actionLater" + descriptor, Opcodes.ACC_PUBLIC));
        assertFalse(commit.matches("act" + descriptor, Opcodes.ACC_PUBLIC));
    }

    private static List<String> matching(Class<?> type, Hooks.MethodCheck methods) {
        List<String> hooked = new ArrayList<String>();
        for (Map.Entry<String, Integer> method : shape(type).methods.entrySet()) {
            if (methods.matches(method.getKey(), method.getValue())) {
                int paren = method.getKey().indexOf('(');
                StringBuilder described = new StringBuilder(method.getKey().substring(0, paren)).append('(');
                Type[] arguments = Type.getArgumentTypes(method.getKey().substring(paren));
                for (int i = 0; i < arguments.length; i++) {
                    described.append(i == 0 ? "" : ",").append(arguments[i].getClassName());
                }
                hooked.add(described.append(')').toString());
            }
        }
        return hooked;
    }

    @Test
    void hooksJettysCoreEntryAndResponsePreparationOnly() throws Exception {
        List<String> entry = matching(Class.forName(HookCatalog.JETTY12_ENTRY.target), Hooks.methods(HookCatalog.JETTY12_ENTRY));
        assertEquals(1, entry.size(), entry.toString());
        assertTrue(entry.get(0).contains("handle(org.eclipse.jetty.server.Request,org.eclipse.jetty.server.Response,"
                + "org.eclipse.jetty.util.Callback)"), entry.toString());

        List<String> commit = matching(Class.forName(HookCatalog.JETTY12_COMMIT.target), Hooks.methods(HookCatalog.JETTY12_COMMIT));
        assertEquals(1, commit.size(), commit.toString());
        assertTrue(commit.get(0).contains("lockedPrepareResponse"), commit.toString());
    }

    private static boolean chain(String api, Class<?> type) {
        return matches(new Hooks.ChainMatcher(api), shape(type), HooksTest.class.getClassLoader());
    }

    @Test
    void filterChainsAreMatchedByNameFirstThenByInterface() {
        assertTrue(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), AppFilterChain.class));
        assertFalse(chain(HookCatalog.JAKARTA_CHAIN.chainInterface(), AppFilterChain.class));
        assertFalse(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), FilterChain.class), "the interface itself has nothing to hook");
        assertFalse(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), Dispatcher.class),
                "name pre-filter: no 'Chain' in the name, no supertype walk");
        assertFalse(matches(new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface()),
                shape(AppFilterChain.class), new URLClassLoader(new URL[0], null)),
                "a class loader that cannot see the servlet API");
    }

    @Test
    void aChainWhoseSupertypesCannotBeResolvedIsNotMatchedAndDoesNotFail() {
        // its superclass is nowhere to be found: that branch of the walk ends, nothing throws
        ClassShape broken = classNamed("com.example.BrokenChain", "com/example/MissingBase");
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface());
        assertFalse(matches(matcher, broken, HooksTest.class.getClassLoader()));
        assertTrue(matches(matcher, classNamed("com.example.HalfBrokenChain", "com/example/MissingBase", FilterChain.class),
                HooksTest.class.getClassLoader()), "the interface is found through the other branch");
        assertTrue(matches(matcher, shape(AppFilterChain.class), HooksTest.class.getClassLoader()));
    }

    @Test
    void classLoaderPreFilterAsksOnceWhetherTheLoaderSeesTheServletApi() {
        Hooks.SeesType seesJavax = new Hooks.SeesType(HookCatalog.JAVAX_CHAIN.chainInterface());
        assertTrue(seesJavax.matches(HooksTest.class.getClassLoader()));
        assertFalse(seesJavax.matches(null), "nothing of a servlet container lives in the bootstrap loader");
        final int[] lookups = {0};
        ClassLoader isolated = new URLClassLoader(new URL[0], null) {
            @Override
            public URL getResource(String name) {
                lookups[0]++;
                return super.getResource(name);
            }
        };
        assertFalse(seesJavax.matches(isolated));
        assertFalse(seesJavax.matches(isolated));
        assertEquals(1, lookups[0]);
    }

    @Test
    void everyAdviceNamedByAHookExists() throws Exception {
        for (HookSpec spec : HookCatalog.ALL) {
            assertTrue(HooksTest.class.getClassLoader().getResource(spec.advice.replace('.', '/') + ".class") != null,
                    spec.advice);
        }
    }

    /** One hook object per entry spec the chain hook leaves classes to, as {@link Hooks#transformer} makes them. */
    private static java.util.Map<HookSpec, HookTransformer.Hook> entryHooks(HookSpec chain) {
        java.util.Map<HookSpec, HookTransformer.Hook> hooks = new java.util.LinkedHashMap<HookSpec, HookTransformer.Hook>();
        for (HookSpec entry : chain.leftToHook) {
            if (!hooks.containsKey(entry)) {
                hooks.put(entry, new HookTransformer.Hook(entry, null, null, null));
            }
        }
        return hooks;
    }

    private static Hooks.ChainMatcher matcher(HookSpec chain, java.util.Map<HookSpec, HookTransformer.Hook> entries) {
        List<HookTransformer.Hook> leftTo = new ArrayList<HookTransformer.Hook>();
        for (HookSpec entry : chain.leftToHook) {
            leftTo.add(entries.get(entry));
        }
        return new Hooks.ChainMatcher(chain.chainInterface(), chain.leftAlone, leftTo);
    }

    private static ClassShape chainNamed(String name, Class<?> chainInterface) {
        return classNamed(name, "java/lang/Object", chainInterface);
    }

    @Test
    void tomcatsOwnChainIsLeftAloneOnceTomcatsEntryIsHooked() {
        java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
        HookTransformer.Hook entry = entries.get(HookCatalog.TOMCAT_ENTRY);
        Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
        ClassShape tomcatChain = shape(org.apache.catalina.core.ApplicationFilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matches(matcher, tomcatChain, loader), "no Tomcat entry hook: the generic hook stands in");
        entry.refused = true;
        assertTrue(matches(matcher, tomcatChain, loader), "a refused entry hook does not switch the generic hook off");
        entry.applied = true;
        assertFalse(matches(matcher, tomcatChain, loader));
        assertTrue(matches(matcher, shape(AppFilterChain.class), loader),
                "other chains keep the generic hook");
    }

    @Test
    void theSameNamedChainIsLeftAloneOnceGlassFishsEntryIsHooked() {
        java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
        Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
        ClassShape chain = shape(org.apache.catalina.core.ApplicationFilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matches(matcher, chain, loader), "neither entry hooked: the generic hook stands in");
        entries.get(HookCatalog.GLASSFISH_ENTRY).applied = true;
        assertFalse(matches(matcher, chain, loader));
        assertEquals(HookCatalog.JAVAX_CHAIN.leftToHook, HookCatalog.JAKARTA_CHAIN.leftToHook);
    }

    @Test
    void glassFishsValveIsToldFromTomcatsBySignature() throws Exception {
        // Tomcat's valve (on this class path) has no invoke(org.apache.catalina.Request, Response)
        Class<?> tomcatValve = Class.forName(HookCatalog.TOMCAT_ENTRY.target);
        assertTrue(matching(tomcatValve, Hooks.methods(HookCatalog.GLASSFISH_ENTRY)).isEmpty());
        assertFalse(matching(tomcatValve, Hooks.methods(HookCatalog.TOMCAT_ENTRY)).isEmpty());
        assertEquals(HookCatalog.GLASSFISH_COMMIT, HookCatalog.GLASSFISH_ENTRY.partner);
        assertEquals(HookCatalog.GLASSFISH_VALVE, HookCatalog.TOMCAT_ENTRY.marker);
        assertFalse(HookCatalog.TOMCAT_ENTRY.markerPresent, "Tomcat's hooks stay out of web-core");
    }

    @Test
    void libertysChainIsLeftAloneOnceLibertysEntryIsHooked() {
        assertTrue(HookCatalog.JAVAX_CHAIN.leftAlone.contains(HookCatalog.LIBERTY_CHAIN));
        assertEquals(HookCatalog.JAVAX_CHAIN.leftAlone, HookCatalog.JAKARTA_CHAIN.leftAlone);
        java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
        Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
        ClassShape libertyChain = chainNamed(HookCatalog.LIBERTY_CHAIN, FilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matches(matcher, libertyChain, loader), "no Liberty entry hook: the generic hook stands in");
        entries.get(HookCatalog.TOMCAT_ENTRY).applied = true;
        assertTrue(matches(matcher, libertyChain, loader), "Tomcat's entry hook says nothing about Liberty's chain");
        entries.get(HookCatalog.LIBERTY_ENTRY).applied = true;
        assertFalse(matches(matcher, libertyChain, loader));
        assertTrue(matches(matcher, shape(AppFilterChain.class), loader),
                "other chains keep the generic hook");
    }

    @Test
    void jettysAndUndertowsChainsAreLeftAloneOnceTheirEntryIsHooked() {
        Object[][] chainAndEntry = {
            {"org.eclipse.jetty.servlet.ServletHandler$Chain", HookCatalog.JETTY94_ENTRY},
            {"org.eclipse.jetty.servlet.ServletHandler$ChainEnd", HookCatalog.JETTY10_ENTRY},
            {"org.eclipse.jetty.ee8.servlet.ServletHandler$Chain", HookCatalog.JETTY12_ENTRY},
            {"org.eclipse.jetty.ee10.servlet.ServletHandler$ChainEnd", HookCatalog.JETTY12_ENTRY},
            {"org.eclipse.jetty.ee11.servlet.ServletHandler$Chain", HookCatalog.JETTY12_ENTRY},
            {HookCatalog.UNDERTOW_CHAIN, HookCatalog.UNDERTOW_ENTRY},
        };
        ClassLoader loader = HooksTest.class.getClassLoader();
        for (Object[] row : chainAndEntry) {
            String name = (String) row[0];
            HookSpec entrySpec = (HookSpec) row[1];
            java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
            Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
            ClassShape chain = chainNamed(name, FilterChain.class);
            assertTrue(matches(matcher, chain, loader), name + ": no entry hook, the generic hook stands in");
            // the entry hooks this class is left to (Jetty 9.4's names are 10's and 11's too)
            java.util.Set<HookSpec> owners = new java.util.HashSet<HookSpec>();
            for (int i = 0; i < HookCatalog.JAVAX_CHAIN.leftAlone.size(); i++) {
                if (HookCatalog.JAVAX_CHAIN.leftAlone.get(i).equals(name)) {
                    owners.add(HookCatalog.JAVAX_CHAIN.leftToHook.get(i));
                }
            }
            assertTrue(owners.contains(entrySpec), name + " is left to " + entrySpec);
            for (java.util.Map.Entry<HookSpec, HookTransformer.Hook> other : entries.entrySet()) {
                other.getValue().applied = !owners.contains(other.getKey());
            }
            assertTrue(matches(matcher, chain, loader), name + ": only other containers' entries hooked");
            entries.get(entrySpec).applied = true;
            assertFalse(matches(matcher, chain, loader), name + " once " + entrySpec + " was applied");
            assertTrue(matches(matcher, shape(AppFilterChain.class), loader),
                    "an app's own chain keeps the generic hook");
        }
    }

    @Test
    void theHooksTransformerSkipsTomcatsChainAfterHookingTomcatsEntry() throws Exception {
        final List<String> hooked = new ArrayList<String>();
        HookTransformer.Listener recorder = new HookTransformer.Listener() {
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
                throw new AssertionError(hookLabel + " refused in " + typeName + ": " + reason);
            }
        };
        ClassLoader loader = HooksTest.class.getClassLoader();
        byte[] valve = ClassFiles.classFile(loader, HookCatalog.TOMCAT_ENTRY.target.replace('.', '/'));
        byte[] chain = ClassFiles.classFile(loader, "org/apache/catalina/core/ApplicationFilterChain");

        HookTransformer before = Hooks.transformer(recorder);
        assertTrue(before.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain) != null,
                "no entry hook yet: the chain gets the generic hook");

        HookTransformer after = Hooks.transformer(recorder);
        assertTrue(after.transform(loader, "org/apache/catalina/core/StandardHostValve", null, null, valve) != null);
        assertEquals(null, after.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain));
        assertEquals(java.util.Arrays.asList(HookCatalog.JAVAX_CHAIN.leftAlone.get(0), HookCatalog.TOMCAT_ENTRY.target), hooked);
    }
}
