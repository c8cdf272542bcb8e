package dev.corsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConfigPathTest {
    @Test
    void agentArgumentThenSystemPropertyThenEnvironment() {
        assertEquals("/a.properties", ConfigPath.resolve(" /a.properties ", "/b.properties", "/c.properties"));
        assertEquals("/b.properties", ConfigPath.resolve(null, "/b.properties", "/c.properties"));
        assertEquals("/b.properties", ConfigPath.resolve("  ", "/b.properties", "/c.properties"));
        assertEquals("/c.properties", ConfigPath.resolve("", " ", "/c.properties"));
        assertNull(ConfigPath.resolve(null, null, " "));
    }
}
