package dev.corsagent.config;

import java.util.Collection;

/**
 * One key of the properties file, declared once in {@link Keys}: its name, its default, how its
 * value is read and checked ({@link Values.Kind}), its slot in the config that holds it, and how
 * the reload log names and shows it. Everything per key is data here, so a key is one declaration.
 * Reading and storing are package-private (only {@link ConfigLoader} builds configs); the public
 * side is what {@code reload.ConfigDiff} needs to describe a change.
 *
 * @param <T> the type of the value
 */
public abstract class Setting<T> {
    final String name;
    /** The value when the key is absent; it also stands in for a value that failed to read. */
    final T defaultValue;
    private final String label;
    final Values.Kind kind;
    /** What the reload log writes for a null or empty value ({@code not sent}); null: the value itself. */
    private final String absentText;
    /** The index of the value in its config, given when {@link Keys} lists the key in its table. */
    private int slot = -1;

    Setting(String name, T defaultValue, String label, Values.Kind kind, String absentText) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.label = label;
        this.kind = kind;
        this.absentText = absentText;
    }

    /** An agent-wide key, shown as its value; {@code absentText} (or null) stands for a null value. */
    static <T> Agent<T> agent(String name, T defaultValue, String label, Values.Kind kind, String absentText) {
        return new Agent<T>(name, defaultValue, label, kind, absentText);
    }

    /** A policy key, shown as its value (the reload log writes an empty list as {@code (none)}). */
    static <T> Policy<T> policy(String name, T defaultValue, String label, Values.Kind kind) {
        return new Policy<T>(name, defaultValue, label, kind, null, false);
    }

    /** A policy key whose null or empty value the reload log writes as {@code absentText}. */
    static <T> Policy<T> policy(String name, T defaultValue, String label, Values.Kind kind, String absentText) {
        return new Policy<T>(name, defaultValue, label, kind, absentText, false);
    }

    /** A list-valued policy key the reload log describes by the items added and removed. */
    static <T> Policy<T> policyByItems(String name, T defaultValue, String label, Values.Kind kind) {
        return new Policy<T>(name, defaultValue, label, kind, null, true);
    }

    /** {@code cors.mode} for an agent-wide key; {@code max-age} for a policy key (after {@code cors.}). */
    public String name() {
        return name;
    }

    /** What the reload log calls it: {@code log level: info -> debug}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Called once, by {@link Keys}, as it lists the key at {@code index} of its table. */
    void listedAt(int index) {
        if (slot >= 0) {
            throw new IllegalStateException(name + " is listed twice");
        }
        slot = index;
    }

    /** This key's value among the {@code values} of a config (its table's order). */
    @SuppressWarnings("unchecked") // each slot holds the value of its own key, read by its kind
    T in(Object[] values) {
        return (T) values[slot];
    }

    void set(Object[] values, Object value) {
        values[slot] = value;
    }

    /** The value as written in the file where that differs from the Java value: a {@link Mode}'s spelling. */
    static Object spelled(Object value) {
        return value instanceof Mode ? ((Mode) value).configValue() : value;
    }

    /** The value as the reload log writes it: the absent text for null or an empty list, if the key has one. */
    Object shownValue(Object[] values) {
        Object value = values[slot];
        boolean absent = value == null || value instanceof Collection && ((Collection<?>) value).isEmpty();
        return absent && absentText != null ? absentText : spelled(value);
    }

    /** A key for the whole agent: set once, at the top level. */
    public static final class Agent<T> extends Setting<T> {
        Agent(String name, T defaultValue, String label, Values.Kind kind, String absentText) {
            super(name, defaultValue, label, kind, absentText);
        }

        /** The value in {@code config} as the reload log writes it. */
        public Object shown(AgentConfig config) {
            return shownValue(config.values);
        }
    }

    /** A key of one policy: {@code cors.<name>} is the default of {@code cors.policy.<policy>.<name>}. */
    public static final class Policy<T> extends Setting<T> {
        private final boolean diffByItems;

        Policy(String name, T defaultValue, String label, Values.Kind kind, String absentText, boolean diffByItems) {
            super(name, defaultValue, label, kind, absentText);
            this.diffByItems = diffByItems;
        }

        /** The value in {@code policy} (what its accessor returns; a {@link Mode} as its spelling). */
        public Object get(PolicyConfig policy) {
            return spelled(in(policy.values));
        }

        /** The value as the reload log writes it: as {@link #get}, or the key's text for an absent value. */
        public Object shown(PolicyConfig policy) {
            return shownValue(policy.values);
        }

        /**
         * True: the reload log names the items added and removed ({@code origins added ...}) rather
         * than the old and new list.
         */
        public boolean diffByItems() {
            return diffByItems;
        }
    }
}
