package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/** The "hooked" log line names the hook that was applied, with its servlet API generation. */
class HookListenerTest {
    @Test
    void namesTheHookAndTheServletApiGeneration() throws Exception {
        final List<String> labels = new ArrayList<String>();
        final HookListener log = new HookListener();
        HookTransformer transformer = Hooks.transformer(new HookTransformer.Listener() {
            @Override
            public void hooked(String hookLabel, String typeName, ClassLoader loader) {
                labels.add(hookLabel);
                log.hooked(hookLabel, typeName, loader); // the log line itself; must not throw
            }

            @Override
            public void failed(String typeName, ClassLoader loader, Throwable error) {
                throw new AssertionError(typeName, error);
            }

            @Override
            public void refused(String hookLabel, String typeName, ClassLoader loader, String reason) {
                throw new AssertionError(hookLabel + ": " + reason);
            }
        });
        ClassLoader loader = HookListenerTest.class.getClassLoader();
        // containers' chains (the agent's own package, tests included, is never hooked)
        for (Class<?> type : new Class<?>[] {org.apache.catalina.core.ApplicationFilterChain.class,
                Class.forName("io.undertow.servlet.handlers.FilterHandler$FilterChainImpl"),
                org.apache.coyote.Response.class, org.eclipse.jetty.server.Server.class,
                org.eclipse.jetty.server.internal.HttpChannelState.ChannelResponse.class}) {
            transformer.transform(loader, type.getName().replace('.', '/'), null, null, ClassFileLocator.ForClassLoader.read(type));
        }
        assertEquals(java.util.Arrays.asList("javax.servlet FilterChain.doFilter (generic hook)",
                "jakarta.servlet FilterChain.doFilter (generic hook)",
                "Tomcat response commit (coyote Response.action)",
                "Jetty 12 request entry (Server.handle)",
                "Jetty 12 response commit (ChannelResponse.lockedPrepareResponse)"), labels);
    }
}
