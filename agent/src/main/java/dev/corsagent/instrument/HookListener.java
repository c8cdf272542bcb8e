package dev.corsagent.instrument;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;

import dev.corsagent.log.AgentLog;

/**
 * Logs one line per class a hook was applied to, and every transformation failure at error level:
 * a hook that silently fails to apply would leave the app without CORS and nobody the wiser.
 */
final class HookListener implements HookTransformer.Listener {
    @Override
    public void hooked(TypeDescription typeDescription, ClassLoader classLoader) {
        AgentLog.info("hooked " + describeHook(typeDescription) + " in " + typeDescription.getName()
                + " (class loader " + loaderName(classLoader) + ")");
    }

    @Override
    public void failed(String typeName, ClassLoader classLoader, Throwable throwable) {
        AgentLog.error("could not hook " + typeName + " (class loader " + loaderName(classLoader)
                + "): " + AgentLog.describe(throwable) + "; CORS is not applied through this class");
    }

    @Override
    public void refused(String hookLabel, String typeName, ClassLoader classLoader, String reason) {
        AgentLog.error("not hooking " + hookLabel + " in " + typeName + " (class loader " + loaderName(classLoader)
                + "): " + reason + "; left as it was");
    }

    static String describeHook(TypeDescription type) {
        String typeName = type.getName();
        if (typeName.equals(Hooks.TOMCAT_HOST_VALVE)) {
            return "Tomcat request entry (StandardHostValve.invoke)";
        }
        if (typeName.equals(Hooks.TOMCAT_COYOTE_RESPONSE)) {
            return "Tomcat response commit (coyote Response)";
        }
        if (typeName.equals(Hooks.JETTY12_SERVER)) {
            boolean jetty94 = !type.getDeclaredMethods().filter(Hooks.jetty94ServerHandle()).isEmpty();
            return jetty94 ? "Jetty 9.4-11 request entry (Server.handle(HttpChannel))" : "Jetty 12 request entry (Server.handle)";
        }
        if (typeName.equals(Hooks.JETTY94_CHANNEL)) {
            return "Jetty 9.4-11 response commit (HttpChannel.sendResponse)";
        }
        if (typeName.equals(Hooks.UNDERTOW_SERVLET_INITIAL_HANDLER)) {
            return "Undertow servlet request entry (ServletInitialHandler.dispatchRequest)";
        }
        if (typeName.equals(Hooks.UNDERTOW_EXCHANGE)) {
            return "Undertow response commit (HttpServerExchange.startResponse)";
        }
        if (typeName.equals(Hooks.JETTY12_CHANNEL_RESPONSE)) {
            return "Jetty 12 response commit (ChannelResponse.lockedPrepareResponse)";
        }
        String api = ElementMatchers.hasSuperType(ElementMatchers.named(Hooks.JAKARTA_FILTER_CHAIN)).matches(type)
                ? "jakarta.servlet" : "javax.servlet";
        return api + " FilterChain.doFilter (generic hook)";
    }

    static String loaderName(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        String name = loader.getClass().getName();
        int at = name.lastIndexOf('.');
        return at < 0 ? name : name.substring(at + 1);
    }
}
