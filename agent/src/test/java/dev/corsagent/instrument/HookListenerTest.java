package dev.corsagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import net.bytebuddy.description.type.TypeDescription;

class HookListenerTest {
    @Test
    void namesTheHookAndTheServletApiGeneration() {
        assertEquals("javax.servlet FilterChain.doFilter (generic hook)",
                HookListener.describeHook(TypeDescription.ForLoadedType.of(HooksTest.AppFilterChain.class)));
        assertEquals("jakarta.servlet FilterChain.doFilter (generic hook)",
                HookListener.describeHook(TypeDescription.ForLoadedType.of(JakartaChain.class)));
        assertEquals("Tomcat response commit (coyote Response)",
                HookListener.describeHook(TypeDescription.ForLoadedType.of(org.apache.coyote.Response.class)));
        assertEquals("Jetty 12 request entry (Server.handle)",
                HookListener.describeHook(TypeDescription.ForLoadedType.of(org.eclipse.jetty.server.Server.class)));
        assertEquals("Jetty 12 response commit (ChannelResponse.lockedPrepareResponse)", HookListener.describeHook(
                TypeDescription.ForLoadedType.of(org.eclipse.jetty.server.internal.HttpChannelState.ChannelResponse.class)));
    }

    static class JakartaChain implements jakarta.servlet.FilterChain {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
        }
    }
}
