package dev.corsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The bridge package is appended to a server's delegation list, never replacing what the server
 * ships there, and only when the class that reads the list is about to load. The servers themselves
 * are in agent-tests (WildFly39SafetyIT, OpenLibertySafetyIT).
 */
class BridgeVisibilityTest {
    @Test
    void appendsToWhatIsThereAndOnlyOnce() {
        assertEquals("org.jboss.byteman,dev.corsagent.bridge", BridgeVisibility.appended("org.jboss.byteman", "dev.corsagent.bridge"));
        assertEquals("dev.corsagent.bridge", BridgeVisibility.appended(null, "dev.corsagent.bridge"));
        assertEquals("dev.corsagent.bridge", BridgeVisibility.appended(" ", "dev.corsagent.bridge"));
        assertEquals("a, dev.corsagent.bridge", BridgeVisibility.appended("a, dev.corsagent.bridge", "dev.corsagent.bridge"));
    }

    @Test
    void setsTheJBossPropertyWhenModuleLoads() {
        String key = BridgeVisibility.JBOSS_MODULES_SYSTEM_PACKAGES;
        String before = System.getProperty(key);
        try {
            System.setProperty(key, "org.jboss.byteman");
            BridgeVisibility.beforeLoading("org/jboss/modules/ModuleLoader");
            assertEquals("org.jboss.byteman", System.getProperty(key), "only org.jboss.modules.Module reads it");
            BridgeVisibility.beforeLoading(BridgeVisibility.JBOSS_MODULE_CLASS);
            assertEquals("org.jboss.byteman,dev.corsagent.bridge", System.getProperty(key));
        } finally {
            restore(key, before);
        }
    }

    @Test
    void setsLibertysBootDelegationWhenItsFrameworkConfiguratorLoads() {
        String key = BridgeVisibility.OSGI_BOOT_DELEGATION;
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            BridgeVisibility.beforeLoading(BridgeVisibility.LIBERTY_FRAMEWORK_CONFIGURATOR);
            assertEquals("dev.corsagent.bridge", System.getProperty(key));
        } finally {
            restore(key, before);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
