package dev.corsagent.instrument;

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
            if (Hooks.commitAction().matches(method)) {
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
        List<String> entry = matching(Class.forName(Hooks.JETTY12_SERVER), Hooks.jettyServerHandle());
        assertEquals(1, entry.size(), entry.toString());
        assertTrue(entry.get(0).contains("handle(org.eclipse.jetty.server.Request,org.eclipse.jetty.server.Response,"
                + "org.eclipse.jetty.util.Callback)"), entry.toString());

        List<String> commit = matching(Class.forName(Hooks.JETTY12_CHANNEL_RESPONSE), Hooks.jettyPrepareResponse());
        assertEquals(1, commit.size(), commit.toString());
        assertTrue(commit.get(0).contains("lockedPrepareResponse"), commit.toString());
    }

    private static boolean chain(String api, Class<?> type) {
        return new Hooks.ChainMatcher(api).matches(TypeDescription.ForLoadedType.of(type),
                HooksTest.class.getClassLoader());
    }

    @Test
    void filterChainsAreMatchedByNameFirstThenByInterface() {
        assertTrue(chain(Hooks.JAVAX_FILTER_CHAIN, AppFilterChain.class));
        assertFalse(chain(Hooks.JAKARTA_FILTER_CHAIN, AppFilterChain.class));
        assertFalse(chain(Hooks.JAVAX_FILTER_CHAIN, FilterChain.class), "the interface itself has nothing to hook");
        assertFalse(chain(Hooks.JAVAX_FILTER_CHAIN, Dispatcher.class),
                "name pre-filter: no 'Chain' in the name, no supertype walk");
        assertFalse(new Hooks.ChainMatcher(Hooks.JAVAX_FILTER_CHAIN).matches(
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
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(Hooks.JAVAX_FILTER_CHAIN);
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
        Hooks.SeesType seesJavax = new Hooks.SeesType(Hooks.JAVAX_FILTER_CHAIN);
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
        for (String advice : new String[] {Hooks.TOMCAT_HOST_VALVE_ADVICE, Hooks.TOMCAT_COMMIT_ADVICE,
                Hooks.JETTY12_SERVER_ADVICE, Hooks.JETTY12_COMMIT_ADVICE, Hooks.JETTY94_SERVER_ADVICE,
                Hooks.JETTY94_COMMIT_ADVICE, Hooks.JETTY10_COMMIT_ADVICE, Hooks.UNDERTOW_DISPATCH_ADVICE, Hooks.UNDERTOW_COMMIT_ADVICE,
                Hooks.JAVAX_CHAIN_ADVICE, Hooks.JAKARTA_CHAIN_ADVICE}) {
            assertTrue(HooksTest.class.getClassLoader().getResource(advice.replace('.', '/') + ".class") != null,
                    advice);
        }
    }

    @Test
    void tomcatsOwnChainIsLeftAloneOnceTomcatsEntryIsHooked() {
        HookTransformer.Hook entry = new HookTransformer.Hook("entry", Hooks.TOMCAT_HOST_VALVE, null, null,
                Hooks.TOMCAT_HOST_VALVE_ADVICE, null, null);
        Hooks.ChainMatcher matcher = new Hooks.ChainMatcher(Hooks.JAVAX_FILTER_CHAIN, entry);
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
                .locate(Hooks.TOMCAT_HOST_VALVE).resolve();
        byte[] chain = net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.read(
                org.apache.catalina.core.ApplicationFilterChain.class);

        HookTransformer before = Hooks.transformer(recorder);
        assertTrue(before.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain) != null,
                "no entry hook yet: the chain gets the generic hook");

        HookTransformer after = Hooks.transformer(recorder);
        assertTrue(after.transform(loader, "org/apache/catalina/core/StandardHostValve", null, null, valve) != null);
        assertEquals(null, after.transform(loader, "org/apache/catalina/core/ApplicationFilterChain", null, null, chain));
        assertEquals(java.util.Arrays.asList(Hooks.TOMCAT_FILTER_CHAIN, Hooks.TOMCAT_HOST_VALVE), hooked);
    }
}
