package dev.corsagent.install;

/** Where the configuration file is named: pure JDK, called from premain. */
public final class ConfigPath {
    public static final String SYSTEM_PROPERTY = "cors.config";
    public static final String ENVIRONMENT_VARIABLE = "CORS_AGENT_CONFIG";

    private ConfigPath() {
    }

    /** The agent argument; else -Dcors.config; else CORS_AGENT_CONFIG; else null. Blank counts as absent. */
    public static String resolve(String agentArgs) {
        String path = resolve(agentArgs, System.getProperty(SYSTEM_PROPERTY), null);
        // the environment only when needed: its first read parses the whole of it, in every JVM the agent is in
        return path != null ? path : resolve(null, null, System.getenv(ENVIRONMENT_VARIABLE));
    }

    static String resolve(String agentArgs, String systemProperty, String environment) {
        String path = trimToNull(agentArgs);
        if (path == null) {
            path = trimToNull(systemProperty);
        }
        if (path == null) {
            path = trimToNull(environment);
        }
        return path;
    }

    private static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
