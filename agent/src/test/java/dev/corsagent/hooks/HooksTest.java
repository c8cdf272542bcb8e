package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.junit.jupiter.api.Test;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

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

    @Test
    void hooksTheCoyoteActionMethodOnly() {
        List<String> hooked = new ArrayList<String>();
        for (MethodDescription method : TypeDescription.ForLoadedType.of(org.apache.coyote.Response.class)
                .getDeclaredMethods()) {
            if (Hooks.methods(HookCatalog.TOMCAT_COMMIT).matches(method)) {
                hooked.add(method.toString());
            }
        }
        assertEquals(1, hooked.size(), hooked.toString());
        assertTrue(hooked.get(0).contains("action(org.apache.coyote.ActionCode,java.lang.Object)"), hooked.toString());
    }

    private static List<String> matching(Class<?> type,
                                         net.bytebuddy.matcher.ElementMatcher<? super MethodDescription> methods) {
        List<String> hooked = new ArrayList<String>();
        for (MethodDescription method : TypeDescription.ForLoadedType.of(type).getDeclaredMethods()) {
            if (methods.matches(method)) {
                hooked.add(method.toString());
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
        return new Hooks.ChainMatcher(api).matches(TypeDescription.ForLoadedType.of(type),
                HooksTest.class.getClassLoader());
    }

    @Test
    void filterChainsAreMatchedByNameFirstThenByInterface() {
        assertTrue(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), AppFilterChain.class));
        assertFalse(chain(HookCatalog.JAKARTA_CHAIN.chainInterface(), AppFilterChain.class));
        assertFalse(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), FilterChain.class), "the interface itself has nothing to hook");
        assertFalse(chain(HookCatalog.JAVAX_CHAIN.chainInterface(), Dispatcher.class),
                "name pre-filter: no 'Chain' in the name, no supertype walk");
        assertFalse(new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface()).matches(
                TypeDescription.ForLoadedType.of(AppFilterChain.class), new URLClassLoader(new URL[0], null)),
                "a class loader that cannot see the servlet API");
    }

    @Test
    void aChainWhoseSupertypesCannotBeResolvedIsNotMatchedAndDoesNotFail() {
        net.bytebuddy.pool.TypePool emptyPool = new net.bytebuddy.pool.TypePool.Default(
                new net.bytebuddy.pool.TypePool.CacheProvider.Simple(),
                net.bytebuddy.dynamic.ClassFileLocator.Simple.of(BrokenChain.class.getName(),
                        net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.read(BrokenChain.class)),
                net.bytebuddy.pool.TypePool.Default.ReaderMode.FAST);
        TypeDescription broken = emptyPool.describe(BrokenChain.class.getName()).resolve();
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface());
        assertFalse(matcher.matches(broken, HooksTest.class.getClassLoader()));
        assertTrue(matcher.matches(TypeDescription.ForLoadedType.of(AppFilterChain.class),
                HooksTest.class.getClassLoader()));
    }

    /** Described from a pool that holds only this class: its superclass cannot be resolved. */
    static class BrokenChain extends java.util.AbstractList<String> {
        @Override
        public String get(int index) {
            return null;
        }

        @Override
        public int size() {
            return 0;
        }
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
                hooks.put(entry, new HookTransformer.Hook(entry, null, null, null, null));
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

    /** A class of this name implementing {@code chainInterface} (the container is not on the test class path). */
    private static TypeDescription chainNamed(String name, Class<?> chainInterface) {
        return new TypeDescription.Latent(name, java.lang.reflect.Modifier.PUBLIC,
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class),
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(chainInterface));
    }

    @Test
    void tomcatsOwnChainIsLeftAloneOnceTomcatsEntryIsHooked() {
        java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
        HookTransformer.Hook entry = entries.get(HookCatalog.TOMCAT_ENTRY);
        Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
        TypeDescription tomcatChain = TypeDescription.ForLoadedType.of(org.apache.catalina.core.ApplicationFilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matcher.matches(tomcatChain, loader), "no Tomcat entry hook: the generic hook stands in");
        entry.refused = true;
        assertTrue(matcher.matches(tomcatChain, loader), "a refused entry hook does not switch the generic hook off");
        entry.applied = true;
        assertFalse(matcher.matches(tomcatChain, loader));
        assertTrue(matcher.matches(TypeDescription.ForLoadedType.of(AppFilterChain.class), loader),
                "other chains keep the generic hook");
    }

    @Test
    void theSameNamedChainIsLeftAloneOnceGlassFishsEntryIsHooked() {
        java.util.Map<HookSpec, HookTransformer.Hook> entries = entryHooks(HookCatalog.JAVAX_CHAIN);
        Hooks.ChainMatcher matcher = matcher(HookCatalog.JAVAX_CHAIN, entries);
        TypeDescription chain = TypeDescription.ForLoadedType.of(org.apache.catalina.core.ApplicationFilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matcher.matches(chain, loader), "neither entry hooked: the generic hook stands in");
        entries.get(HookCatalog.GLASSFISH_ENTRY).applied = true;
        assertFalse(matcher.matches(chain, loader));
        assertEquals(HookCatalog.JAVAX_CHAIN.leftToHook, HookCatalog.JAKARTA_CHAIN.leftToHook);
    }

    @Test
    void glassFishsValveIsToldFromTomcatsBySignature() {
        // Tomcat's valve (on this class path) has no invoke(org.apache.catalina.Request, Response)
        TypeDescription tomcatValve = net.bytebuddy.pool.TypePool.Default.of(HooksTest.class.getClassLoader())
                .describe(HookCatalog.TOMCAT_ENTRY.target).resolve();
        assertTrue(tomcatValve.getDeclaredMethods().filter(Hooks.methods(HookCatalog.GLASSFISH_ENTRY)).isEmpty());
        assertFalse(tomcatValve.getDeclaredMethods().filter(Hooks.methods(HookCatalog.TOMCAT_ENTRY)).isEmpty());
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
        TypeDescription libertyChain = chainNamed(HookCatalog.LIBERTY_CHAIN, FilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matcher.matches(libertyChain, loader), "no Liberty entry hook: the generic hook stands in");
        entries.get(HookCatalog.TOMCAT_ENTRY).applied = true;
        assertTrue(matcher.matches(libertyChain, loader), "Tomcat's entry hook says nothing about Liberty's chain");
        entries.get(HookCatalog.LIBERTY_ENTRY).applied = true;
        assertFalse(matcher.matches(libertyChain, loader));
        assertTrue(matcher.matches(TypeDescription.ForLoadedType.of(AppFilterChain.class), loader),
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
            TypeDescription chain = chainNamed(name, FilterChain.class);
            assertTrue(matcher.matches(chain, loader), name + ": no entry hook, the generic hook stands in");
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
            assertTrue(matcher.matches(chain, loader), name + ": only other containers' entries hooked");
            entries.get(entrySpec).applied = true;
            assertFalse(matcher.matches(chain, loader), name + " once " + entrySpec + " was applied");
            assertTrue(matcher.matches(TypeDescription.ForLoadedType.of(AppFilterChain.class), loader),
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
        byte[] valve = net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.of(loader)
                .locate(HookCatalog.TOMCAT_ENTRY.target).resolve();
        byte[] chain = net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.read(
                org.apache.catalina.core.ApplicationFilterChain.class);

        HookTransformer before = Hooks.transformer(recorder);
        assertTrue(before.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain) != null,
                "no entry hook yet: the chain gets the generic hook");

        HookTransformer after = Hooks.transformer(recorder);
        assertTrue(after.transform(loader, "org/apache/catalina/core/StandardHostValve", null, null, valve) != null);
        assertEquals(null, after.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain));
        assertEquals(java.util.Arrays.asList(HookCatalog.JAVAX_CHAIN.leftAlone.get(0), HookCatalog.TOMCAT_ENTRY.target), hooked);
    }
}
