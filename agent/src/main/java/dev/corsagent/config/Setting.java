package dev.corsagent.config;

/**
 * One key of the properties file, declared once in {@link Keys}: its name, its default, how its
 * value is read and checked, where the value goes, and its label in the reload log.
 * Reading and setting are package-private (only {@link ConfigLoader} builds configs); the public
 * side is what {@code reload.ConfigDiff} needs to describe a change.
 *
 * @param <T> the type of the value
 */
public abstract class Setting<T> {
    final String name;
    /** The value when the key is absent; it also stands in for a value that failed to read. */
    final T defaultValue;
    private final String label;

    Setting(String name, T defaultValue, String label) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.label = label;
    }

    /** {@code cors.mode} for an agent-wide key; {@code max-age} for a policy key (after {@code cors.}). */
    public String name() {
        return name;
    }

    /** What the reload log calls it: {@code log level: info -> debug}. */
    public String label() {
        return label;
    }

    /** The value of {@code entry}, its problems reported; null after an error, but a list keeps its valid items. */
    abstract T read(PropertiesParser.Entry entry, Problems problems);

    @Override
    public String toString() {
        return name;
    }

    /** A key for the whole agent: set once, at the top level. */
    public abstract static class Agent<T> extends Setting<T> {
        Agent(String name, T defaultValue, String label) {
            super(name, defaultValue, label);
        }

        abstract void set(AgentConfig.Builder config, T value);

        /** The value in {@code config} as the reload log writes it. */
        public abstract Object shown(AgentConfig config);
    }

    /** A key of one policy: {@code cors.<name>} is the default of {@code cors.policy.<policy>.<name>}. */
    public abstract static class Policy<T> extends Setting<T> {
        Policy(String name, T defaultValue, String label) {
            super(name, defaultValue, label);
        }

        abstract void set(PolicyConfig.Builder policy, T value);

        /** The value in {@code policy} (what its accessor returns). */
        public abstract Object get(PolicyConfig policy);

        /** The value as the reload log writes it: as {@link #get}, unless an entry says otherwise. */
        public Object shown(PolicyConfig policy) {
            return get(policy);
        }

        /**
         * True: the reload log names the items added and removed ({@code origins added ...}) rather
         * than the old and new list.
         */
        public boolean diffByItems() {
            return false;
        }
    }
}
