package dev.corsagent.hooks;

import dev.corsagent.log.AgentLog;

/**
 * Logs one line per hook applied to a class (named by its label in {@link HookCatalog}), and every transformation failure at error level:
 * a hook that silently fails to apply would leave the app without CORS and nobody the wiser.
 */
public final class HookListener implements HookTransformer.Listener {
    @Override
    public void hooked(String hookLabel, String typeName, ClassLoader classLoader) {
        AgentLog.info("hooked " + hookLabel + " in " + typeName + " (class loader " + loaderName(classLoader) + ")");
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

    static String loaderName(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        String name = loader.getClass().getName();
        int at = name.lastIndexOf('.');
        return at < 0 ? name : name.substring(at + 1);
    }
}
