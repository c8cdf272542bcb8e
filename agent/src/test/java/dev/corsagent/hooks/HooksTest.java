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

    @Test
    void tomcatsOwnChainIsLeftAloneOnceTomcatsEntryIsHooked() {
        HookTransformer.Hook entry = new HookTransformer.Hook(HookCatalog.TOMCAT_ENTRY, null, null, null, null);
        HookTransformer.Hook glassFishEntry = new HookTransformer.Hook(HookCatalog.GLASSFISH_ENTRY, null, null, null, null);
        HookTransformer.Hook libertyEntry = new HookTransformer.Hook(HookCatalog.LIBERTY_ENTRY, null, null, null, null);
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface(), HookCatalog.JAVAX_CHAIN.leftAlone,
                java.util.Arrays.asList(entry, glassFishEntry, libertyEntry));
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
        HookTransformer.Hook tomcat = new HookTransformer.Hook(HookCatalog.TOMCAT_ENTRY, null, null, null, null);
        HookTransformer.Hook glassFish = new HookTransformer.Hook(HookCatalog.GLASSFISH_ENTRY, null, null, null, null);
        HookTransformer.Hook liberty = new HookTransformer.Hook(HookCatalog.LIBERTY_ENTRY, null, null, null, null);
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface(),
                HookCatalog.JAVAX_CHAIN.leftAlone, java.util.Arrays.asList(tomcat, glassFish, liberty));
        TypeDescription chain = TypeDescription.ForLoadedType.of(org.apache.catalina.core.ApplicationFilterChain.class);
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matcher.matches(chain, loader), "neither entry hooked: the generic hook stands in");
        glassFish.applied = true;
        assertFalse(matcher.matches(chain, loader));
        assertEquals(java.util.Arrays.asList(HookCatalog.TOMCAT_ENTRY, HookCatalog.GLASSFISH_ENTRY, HookCatalog.LIBERTY_ENTRY),
                HookCatalog.JAKARTA_CHAIN.leftToHook);
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
        assertEquals(java.util.Arrays.asList("org.apache.catalina.core.ApplicationFilterChain",
                "org.apache.catalina.core.ApplicationFilterChain", HookCatalog.LIBERTY_CHAIN), HookCatalog.JAVAX_CHAIN.leftAlone);
        assertEquals(HookCatalog.JAVAX_CHAIN.leftAlone, HookCatalog.JAKARTA_CHAIN.leftAlone);
        HookTransformer.Hook tomcatEntry = new HookTransformer.Hook(HookCatalog.TOMCAT_ENTRY, null, null, null, null);
        HookTransformer.Hook glassFishEntry = new HookTransformer.Hook(HookCatalog.GLASSFISH_ENTRY, null, null, null, null);
        HookTransformer.Hook entry = new HookTransformer.Hook(HookCatalog.LIBERTY_ENTRY, null, null, null, null);
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(HookCatalog.JAVAX_CHAIN.chainInterface(), HookCatalog.JAVAX_CHAIN.leftAlone,
                java.util.Arrays.asList(tomcatEntry, glassFishEntry, entry));
        // a class of Liberty's name implementing javax.servlet.FilterChain (Liberty is not on the test class path)
        TypeDescription libertyChain = new TypeDescription.Latent(HookCatalog.LIBERTY_CHAIN, java.lang.reflect.Modifier.PUBLIC,
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class),
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(FilterChain.class));
        ClassLoader loader = HooksTest.class.getClassLoader();
        assertTrue(matcher.matches(libertyChain, loader), "no Liberty entry hook: the generic hook stands in");
        tomcatEntry.applied = true;
        assertTrue(matcher.matches(libertyChain, loader), "Tomcat's entry hook says nothing about Liberty's chain");
        entry.applied = true;
        assertFalse(matcher.matches(libertyChain, loader));
        assertTrue(matcher.matches(TypeDescription.ForLoadedType.of(AppFilterChain.class), loader),
                "other chains keep the generic hook");
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
