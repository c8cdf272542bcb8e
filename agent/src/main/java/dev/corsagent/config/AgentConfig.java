package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A validated configuration: the agent-wide settings and the ordered policies. Immutable. */
public final class AgentConfig {
    private final Mode mode;
    private final String logLevel;
    private final String logFile;
    private final List<PolicyConfig> policies;

    /** The values while a file is read: {@link Keys} fills the settings, {@link ConfigLoader} the policies. */
    static final class Builder {
        Mode mode;
        String logLevel;
        String logFile;
        List<PolicyConfig> policies;

        AgentConfig build() {
            return new AgentConfig(this);
        }
    }

    private AgentConfig(Builder values) {
        this.mode = values.mode;
        this.logLevel = values.logLevel;
        this.logFile = values.logFile;
        this.policies = Collections.unmodifiableList(new ArrayList<PolicyConfig>(values.policies));
    }

    public Mode mode() {
        return mode;
    }

    /** One of {@code trace debug info warn error off}. */
    public String logLevel() {
        return logLevel;
    }

    /** The file to log to, or null for stderr. */
    public String logFile() {
        return logFile;
    }

    /** The policies in the order they are tried; the first whose paths match a request wins. */
    public List<PolicyConfig> policies() {
        return policies;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AgentConfig)) {
            return false;
        }
        AgentConfig that = (AgentConfig) other;
        return mode == that.mode && logLevel.equals(that.logLevel)
                && (logFile == null ? that.logFile == null : logFile.equals(that.logFile))
                && policies.equals(that.policies);
    }

    @Override
    public int hashCode() {
        return (mode.hashCode() * 31 + logLevel.hashCode()) * 31 + policies.hashCode();
    }

    @Override
    public String toString() {
        return "AgentConfig{mode=" + mode.configValue() + ", log.level=" + logLevel
                + ", log.file=" + logFile + ", policies=" + policies + "}";
    }
}
