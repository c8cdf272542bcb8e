package dev.corsagent.log;

import java.util.Properties;

import org.tinylog.configuration.ConfigurationLoader;

/**
 * Registered as the (relocated) tinylog configuration loader, so that tinylog's static
 * initialiser reads the agent's settings instead of looking for the app's
 * {@code tinylog.properties}. {@link AgentLog#configure} replaces the result anyway, because
 * tinylog also merges {@code -Dtinylog.*} system properties after loading.
 */
public final class AgentConfigurationLoader implements ConfigurationLoader {
    @Override
    public Properties load() {
        return AgentLog.pendingProperties();
    }
}
