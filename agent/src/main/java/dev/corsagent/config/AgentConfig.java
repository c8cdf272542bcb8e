package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A validated configuration: the agent-wide settings and the ordered policies. Immutable. */
public final class AgentConfig {
    /** The values of {@link Keys#AGENT}, each at its key's slot. */
    final Object[] values;
    private final List<PolicyConfig> policies;

    /** {@code values}: as {@link ConfigLoader} read them, in the order of {@link Keys#AGENT}. */
    AgentConfig(Object[] values, List<PolicyConfig> policies) {
        this.values = values.clone();
        this.policies = Collections.unmodifiableList(new ArrayList<PolicyConfig>(policies));
    }

    public Mode mode() {
        return Keys.MODE.in(values);
    }

    /** One of {@code trace debug info warn error off}. */
    public String logLevel() {
        return Keys.LOG_LEVEL.in(values);
    }

    /** The file to log to, or null for stderr. */
    public String logFile() {
        return Keys.LOG_FILE.in(values);
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
        return Arrays.equals(values, that.values) && policies.equals(that.policies);
    }

    @Override
    public int hashCode() {
        return (mode().hashCode() * 31 + logLevel().hashCode()) * 31 + policies.hashCode();
    }

    @Override
    public String toString() {
        return "AgentConfig{mode=" + mode().configValue() + ", log.level=" + logLevel()
                + ", log.file=" + logFile() + ", policies=" + policies + "}";
    }
}
