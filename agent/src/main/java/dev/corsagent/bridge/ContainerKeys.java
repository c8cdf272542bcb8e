package dev.corsagent.bridge;

/**
 * One attachment key per container key type (so per container class loader), for advice that
 * must pass the plan between classes of two modules that share only the container's core: on
 * Undertow inside JBoss Modules the entry advice runs in {@code io.undertow.servlet} and the commit
 * advice in {@code io.undertow.core}, which cannot see servlet types. Both ask for the key with
 * the core's key class ({@code io.undertow.util.AttachmentKey}); the bridge makes it once,
 * through the type's public {@code create(Class)}, and keeps it as a plain object, so no container
 * type appears here. A {@link ClassValue} keeps the key with its class, and lets both go with the
 * container's loader.
 */
public final class ContainerKeys extends ClassValue<Object> {
    private static final ContainerKeys KEYS = new ContainerKeys();

    private ContainerKeys() {
    }

    /** The key for this key type, the same instance on every call; null if it cannot be made. */
    public static Object attachmentKey(Class<?> keyType) {
        return KEYS.get(keyType);
    }

    @Override
    protected Object computeValue(Class<?> keyType) {
        try {
            return keyType.getMethod("create", Class.class).invoke(null, Object.class);
        } catch (Throwable e) {
            CorsBridge.failed("attachment key " + keyType.getName(), e);
            return null;
        }
    }
}
