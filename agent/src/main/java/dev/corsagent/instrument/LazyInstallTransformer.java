package dev.corsagent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered by premain: pure JDK and nearly free until a servlet container's first class loads.
 * On that class it installs the agent on the loading thread, transforms that class too, and from
 * then on hands every class to the installed (raw, unregistered) Byte Buddy transformer.
 *
 * <p>Why it stays registered as the single delegate instead of removing itself and registering
 * Byte Buddy's transformer: a class another thread loads during the install would then either be
 * missed (its transformer list predates Byte Buddy's) or be transformed twice (seen by both).
 */
public final class LazyInstallTransformer implements ClassFileTransformer {
    /** Installs the agent; returns the transformer to delegate to, or null when nothing was installed. */
    public interface Installer {
        ClassFileTransformer install();
    }

    static final String[] CONTAINER_PREFIXES = {
        "org/apache/catalina/", "org/apache/coyote/", "javax/servlet/", "jakarta/servlet/",
        "org/eclipse/jetty/", "io/undertow/",
    };
    private static final int WAITING = 0;
    private static final int INSTALLING = 1;
    private static final int DONE = 2;
    private static final long WAIT_SECONDS = 10;

    private final Installer installer;
    private final Instrumentation instrumentation;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread installingThread;
    private volatile ClassFileTransformer delegate;

    /** {@code instrumentation} (may be null) is where this transformer deregisters itself when the install added nothing. */
    public LazyInstallTransformer(Installer installer, Instrumentation instrumentation) {
        this.installer = installer;
        this.instrumentation = instrumentation;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (state.get() == WAITING) {
            if (className == null || !isContainerClass(className)) {
                return null;
            }
            if (state.compareAndSet(WAITING, INSTALLING)) {
                runInstall();
                return delegateTransform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
            }
        }
        return afterInstall(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private void runInstall() {
        installingThread = Thread.currentThread();
        try {
            delegate = installer.install();
        } catch (Throwable t) {
            delegate = null; // the installer logs its own failures; the app runs on without CORS
        } finally {
            state.set(DONE);
            installingThread = null;
            done.countDown();
        }
        if (delegate == null && instrumentation != null) {
            instrumentation.removeTransformer(this); // nothing installed: leave no trace in class loading
        }
    }

    private byte[] afterInstall(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (state.get() == INSTALLING) {
            if (installingThread == Thread.currentThread() || !mayBeTarget(loader, className)) {
                return null; // the agent's own classes, or nothing a hook could want
            }
            try {
                done.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return delegateTransform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private byte[] delegateTransform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                     ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        ClassFileTransformer target = delegate;
        if (target == null || loader == null) {
            return null; // nothing a hook wants lives in the bootstrap loader: skip Byte Buddy for JDK classes
        }
        try {
            return target.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            return null;
        }
    }

    /** True once the trigger fired and the install finished (successfully or not). */
    public boolean isDone() {
        return state.get() == DONE;
    }

    static boolean isContainerClass(String internalName) {
        for (String prefix : CONTAINER_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Classes another thread loads while the install runs, which that thread must wait for:
     * container classes and filter chains of a non-bootstrap loader. JDK and agent classes never
     * wait (the installing thread may need the same class: waiting would deadlock).
     */
    static boolean mayBeTarget(ClassLoader loader, String internalName) {
        if (loader == null || internalName == null) {
            return false;
        }
        if (internalName.startsWith("java/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("dev/corsagent/")) {
            return false;
        }
        return isContainerClass(internalName) || internalName.contains("Chain");
    }
}
