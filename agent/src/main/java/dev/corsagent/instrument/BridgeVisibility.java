package dev.corsagent.instrument;

/**
 * Makes the boot-loader bridge visible to module systems that do not delegate to the boot loader,
 * by adding its package to the setting each reads once at start, just before it reads it: the
 * lazy transformer calls {@link #beforeLoading} for every class the JVM loads, and the class that
 * reads the setting is about to be defined. Pure JDK, a few string comparisons per class.
 *
 * <p>The value is always appended to, never replaced: servers ship their own entries there. Where
 * the setting was read already (an attach into a running server), nothing changes and the link
 * check refuses the hooks that would need the bridge.
 */
final class BridgeVisibility {
    static final String BRIDGE_PACKAGE = "dev.corsagent.bridge";

    /** JBoss Modules (WildFly, JBoss EAP): read in {@code org.jboss.modules.Module}'s static initializer. */
    static final String JBOSS_MODULES_SYSTEM_PACKAGES = "jboss.modules.system.pkgs";
    static final String JBOSS_MODULE_CLASS = "org/jboss/modules/Module";

    private BridgeVisibility() {
    }

    /** Called with the internal name of every class about to be defined. */
    static void beforeLoading(String internalName) {
        if (JBOSS_MODULE_CLASS.equals(internalName)) {
            appendToList(JBOSS_MODULES_SYSTEM_PACKAGES, BRIDGE_PACKAGE);
        }
    }

    /**
     * Adds {@code entry} to the comma-separated list in system property {@code key}, unless it is
     * there already; an absent or empty property becomes {@code entry}.
     */
    static void appendToList(String key, String entry) {
        try {
            String current = System.getProperty(key);
            String updated = appended(current, entry);
            if (!updated.equals(current)) {
                System.setProperty(key, updated);
            }
        } catch (Throwable ignored) {
            // a security manager refusing it: the link check keeps the hooks that need the bridge out
        }
    }

    static String appended(String current, String entry) {
        if (current == null || current.trim().isEmpty()) {
            return entry;
        }
        for (String item : current.split(",")) {
            if (item.trim().equals(entry)) {
                return current;
            }
        }
        return current + "," + entry;
    }
}
