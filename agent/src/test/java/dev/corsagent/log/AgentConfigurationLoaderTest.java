package dev.corsagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import java.util.Scanner;

import org.junit.jupiter.api.Test;

class AgentConfigurationLoaderTest {
    @Test
    void isRegisteredAsTinylogsConfigurationLoader() throws Exception {
        // the shade plugin renames this service file along with tinylog; unshaded tests see the original name
        InputStream in = AgentConfigurationLoader.class.getClassLoader()
                .getResourceAsStream("META-INF/services/org.tinylog.configuration.ConfigurationLoader");
        Scanner scanner = new Scanner(in, "UTF-8").useDelimiter("\\A");
        assertTrue(scanner.next().contains(AgentConfigurationLoader.class.getName()));
    }

    @Test
    void handsTinylogTheAgentsSettingsNeverAFile() {
        Properties loaded = new AgentConfigurationLoader().load();
        Properties expected = AgentLog.pendingProperties();
        assertEquals(expected, loaded);
    }
}
