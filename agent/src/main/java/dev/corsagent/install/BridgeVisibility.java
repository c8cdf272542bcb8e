package dev.corsagent.install;

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

    /**
     * Open Liberty and WebSphere Liberty (Equinox): {@code FrameworkConfigurator} reads
     * {@code org.osgi.framework.bootdelegation} from bootstrap.properties, else from the system
     * property, and puts its own list in front of that value, so appending to the system property
     * keeps Liberty's entries. A value set in bootstrap.properties wins over the system property;
     * the operator then adds the package there (README), or the link check refuses the hooks.
     * GlassFish's Felix is left alone: a system property there replaces its osgi.properties value,
     * and Felix's implicit boot delegation already lets the link check's lookups through.
     */
    static final String OSGI_BOOT_DELEGATION = "org.osgi.framework.bootdelegation";
    static final String LIBERTY_FRAMEWORK_CONFIGURATOR = "com/ibm/ws/kernel/launch/internal/FrameworkConfigurator";

    private BridgeVisibility() {
    }

    /** Called with the internal name of every class about to be defined. */
    static void beforeLoading(String internalName) {
        if (JBOSS_MODULE_CLASS.equals(internalName)) {
            appendToList(JBOSS_MODULES_SYSTEM_PACKAGES, BRIDGE_PACKAGE);
        } else if (LIBERTY_FRAMEWORK_CONFIGURATOR.equals(internalName)) {
            appendToList(OSGI_BOOT_DELEGATION, BRIDGE_PACKAGE);
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
