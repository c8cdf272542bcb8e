package dev.corsagent.config;

/** What the agent does with its decisions ({@code cors.mode}). */
public enum Mode {
    /** Decide and apply. */
    ENFORCE("enforce"),
    /** Decide and log every CORS decision, change no response. */
    REPORT_ONLY("report-only"),
    /** Add nothing. */
    OFF("off");

    private final String configValue;

    Mode(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in the properties file. */
    public String configValue() {
        return configValue;
    }

    /** The mode spelled {@code value} in the properties file, or null when there is none. */
    public static Mode fromConfigValue(String value) {
        for (Mode mode : values()) {
            if (mode.configValue.equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
