package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One validated policy. Origins are in their normalized form ({@code *}, {@code null}, exact
 * serialized origins, or patterns such as {@code https://*.example.com} and
 * {@code http://localhost:*}); the other lists are as configured, without duplicates. Immutable.
 */
public final class PolicyConfig {
    private final String name;
    private final List<String> paths;
    private final List<String> allowedOrigins;
    private final List<String> allowedMethods;
    private final List<String> allowedHeaders;
    private final List<String> exposedHeaders;
    private final boolean allowCredentials;
    private final Integer maxAge;
    private final boolean allowPrivateNetwork;
    private final int preflightStatus;
    private final List<String> timingAllowOrigin;
    private final Mode crossOriginProtection;

    /**
     * The values of one policy while it is read: {@link Keys} fills the fields, {@link ConfigLoader}
     * builds the policy once every key was read without error.
     */
    static final class Builder {
        final String name;
        List<String> paths;
        List<String> allowedOrigins;
        List<String> allowedMethods;
        List<String> allowedHeaders;
        List<String> exposedHeaders;
        boolean allowCredentials;
        Integer maxAge;
        boolean allowPrivateNetwork;
        int preflightStatus;
        List<String> timingAllowOrigin;
        Mode crossOriginProtection;

        Builder(String name) {
            this.name = name;
        }

        PolicyConfig build() {
            return new PolicyConfig(this);
        }
    }

    private PolicyConfig(Builder values) {
        this.name = values.name;
        this.paths = copy(values.paths);
        this.allowedOrigins = copy(values.allowedOrigins);
        this.allowedMethods = copy(values.allowedMethods);
        this.allowedHeaders = copy(values.allowedHeaders);
        this.exposedHeaders = copy(values.exposedHeaders);
        this.allowCredentials = values.allowCredentials;
        this.maxAge = values.maxAge;
        this.allowPrivateNetwork = values.allowPrivateNetwork;
        this.preflightStatus = values.preflightStatus;
        this.timingAllowOrigin = copy(values.timingAllowOrigin);
        this.crossOriginProtection = values.crossOriginProtection;
    }

    private static List<String> copy(List<String> list) {
        return Collections.unmodifiableList(new ArrayList<String>(list));
    }

    public String name() {
        return name;
    }

    public List<String> paths() {
        return paths;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public List<String> allowedMethods() {
        return allowedMethods;
    }

    public List<String> allowedHeaders() {
        return allowedHeaders;
    }

    public List<String> exposedHeaders() {
        return exposedHeaders;
    }

    public boolean allowCredentials() {
        return allowCredentials;
    }

    /** Seconds for {@code Access-Control-Max-Age}, or null: not sent. */
    public Integer maxAge() {
        return maxAge;
    }

    public boolean allowPrivateNetwork() {
        return allowPrivateNetwork;
    }

    /** 200 or 204. */
    public int preflightStatus() {
        return preflightStatus;
    }

    /**
     * The {@code Timing-Allow-Origin} entries ({@code *} or exact serialized origins), sent on every
     * response of the policy's paths; empty: not sent.
     */
    public List<String> timingAllowOrigin() {
        return timingAllowOrigin;
    }

    /**
     * {@code cross-origin-protection} (SPEC rules 7 and 8): {@link Mode#OFF}, {@link Mode#REPORT_ONLY}
     * (decide and log, change nothing) or {@link Mode#ENFORCE} (refuse with 403).
     */
    public Mode crossOriginProtection() {
        return crossOriginProtection;
    }

    /** Every key of {@link Keys#POLICY} compared, so a new key cannot be forgotten here. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PolicyConfig)) {
            return false;
        }
        PolicyConfig that = (PolicyConfig) other;
        if (!name.equals(that.name)) {
            return false;
        }
        for (Setting.Policy<?> key : Keys.POLICY) {
            Object mine = key.get(this);
            Object theirs = key.get(that);
            if (mine == null ? theirs != null : !mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + paths.hashCode()) * 31 + allowedOrigins.hashCode()) * 31
                + allowedMethods.hashCode();
    }

    /** {@code api{paths=[/api/**], allowed-origins=[...], ...}}: every key of {@link Keys#POLICY}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append('{');
        for (Setting.Policy<?> key : Keys.POLICY) {
            if (key != Keys.POLICY.get(0)) {
                text.append(", ");
            }
            text.append(key.name()).append('=').append(key.get(this));
        }
        return text.append('}').toString();
    }
}
