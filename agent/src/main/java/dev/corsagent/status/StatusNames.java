package dev.corsagent.status;

/** The JMX names the agent registers its beans under, shared by the agent and the {@code status} command. */
public final class StatusNames {
    public static final String AGENT = "dev.corsagent:type=Agent";
    /** Followed by the quoted policy name: {@code dev.corsagent:type=Policy,name="api"}. */
    public static final String POLICY_PREFIX = "dev.corsagent:type=Policy,name=";
    /** Set at install to the agent's version, so {@code status} can tell "no agent" from "not registered yet". */
    public static final String INSTALLED_PROPERTY = "dev.corsagent.installed";

    private StatusNames() {
    }
}
