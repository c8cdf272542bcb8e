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
    /** The values of {@link Keys#POLICY}, each at its key's slot; lists unmodifiable copies. */
    final Object[] values;

    /** {@code values}: as {@link ConfigLoader} read them, in the order of {@link Keys#POLICY}. */
    PolicyConfig(String name, Object[] values) {
        this.name = name;
        this.values = values.clone();
        for (int i = 0; i < this.values.length; i++) {
            if (this.values[i] instanceof List) {
                this.values[i] = Collections.unmodifiableList(new ArrayList<Object>((List<?>) this.values[i]));
            }
        }
    }

    public String name() {
        return name;
    }

    public List<String> paths() {
        return Keys.PATHS.in(values);
    }

    public List<String> allowedOrigins() {
        return Keys.ALLOWED_ORIGINS.in(values);
    }

    public List<String> allowedMethods() {
        return Keys.ALLOWED_METHODS.in(values);
    }

    public List<String> allowedHeaders() {
        return Keys.ALLOWED_HEADERS.in(values);
    }

    public List<String> exposedHeaders() {
        return Keys.EXPOSED_HEADERS.in(values);
    }

    public boolean allowCredentials() {
        return Keys.ALLOW_CREDENTIALS.in(values).booleanValue();
    }

    /** Seconds for {@code Access-Control-Max-Age}, or null: not sent. */
    public Integer maxAge() {
        return Keys.MAX_AGE.in(values);
    }

    public boolean allowPrivateNetwork() {
        return Keys.ALLOW_PRIVATE_NETWORK.in(values).booleanValue();
    }

    /** 200 or 204. */
    public int preflightStatus() {
        return Keys.PREFLIGHT_STATUS.in(values).intValue();
    }

    /**
     * The {@code Timing-Allow-Origin} entries ({@code *} or exact serialized origins), sent on every
     * response of the policy's paths; empty: not sent.
     */
    public List<String> timingAllowOrigin() {
        return Keys.TIMING_ALLOW_ORIGIN.in(values);
    }

    /**
     * {@code cross-origin-protection} (SPEC rules 7 and 8): {@link Mode#OFF}, {@link Mode#REPORT_ONLY}
     * (decide and log, change nothing) or {@link Mode#ENFORCE} (refuse with 403).
     */
    public Mode crossOriginProtection() {
        return Keys.CROSS_ORIGIN_PROTECTION.in(values);
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
        return ((name.hashCode() * 31 + paths().hashCode()) * 31 + allowedOrigins().hashCode()) * 31
                + allowedMethods().hashCode();
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
