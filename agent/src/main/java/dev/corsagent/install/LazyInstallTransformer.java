package dev.corsagent.install;

import dev.corsagent.hooks.HookCatalog;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered by premain: pure JDK and nearly free until a servlet container's first class loads.
 * That class starts the install on a thread of its own ("cors-agent-install"), so loading the
 * engine and building the hooks overlaps the container's own start instead of adding to it. A
 * thread that loads a class a hook may want ({@link HookCatalog}) before the install is done waits
 * for it (at most {@value #WAIT_SECONDS} s); every other class goes on at once. After the install,
 * the classes a hook may want go to the hooks' transformer (the hooks' transformer, not registered itself).
 *
 * <p>Why it stays registered as the single delegate instead of removing itself and registering
 * the hooks' transformer: a class another thread loads during the install would then either be
 * missed (its transformer list predates the hooks') or be transformed twice (seen by both).
 */
public final class LazyInstallTransformer implements ClassFileTransformer {
    /** Installs the agent; returns the transformer to delegate to, or null when nothing was installed. */
    public interface Installer {
        ClassFileTransformer install();
    }

    private static final int WAITING = 0;
    private static final int INSTALLING = 1;
    private static final int DONE = 2;
    static final long WAIT_SECONDS = 10;

    static {
        // loaded before this transformer is registered: a class the transformer itself needs must
        // never have to be loaded through it (the nested load fails, and the class with it)
        HookCatalog.mayBeHooked(null);
        BridgeVisibility.beforeLoading("");
    }

    private final Installer installer;
    private final Instrumentation instrumentation;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** Notified when the install is done: a monitor rather than a CountDownLatch, whose classes every JVM would load at start. */
    private final Object done = new Object();
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
        if (className != null) {
            BridgeVisibility.beforeLoading(className); // module systems read their delegation settings once, at start
        }
        if (state.get() == WAITING) {
            if (className == null || !HookCatalog.startsInstall(className)) {
                return null;
            }
            if (state.compareAndSet(WAITING, INSTALLING)) {
                startInstall();
            }
        }
        return afterInstall(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    /** On a daemon thread; on this one if no thread can be started. */
    private void startInstall() {
        Runnable install = new Runnable() {
            @Override
            public void run() {
                runInstall();
            }
        };
        Thread thread;
        try {
            thread = new Thread(install, "cors-agent-install");
            thread.setDaemon(true);
            // the thread must not pin the loader of whichever class triggered the install
            thread.setContextClassLoader(LazyInstallTransformer.class.getClassLoader());
            installingThread = thread;
            thread.start();
        } catch (Throwable t) {
            installingThread = null;
            runInstall();
        }
    }

    private void runInstall() {
        installingThread = Thread.currentThread();
        ClassFileTransformer installed = null;
        try {
            installed = installer.install();
        } catch (Throwable t) {
            // the installer logs its own failures; the app runs on without CORS
        }
        try {
            if (installed == null && instrumentation != null) {
                instrumentation.removeTransformer(this); // nothing installed: leave no trace in class loading
            }
        } catch (Throwable ignored) {
            // stays registered and passes every class on untouched
        } finally {
            delegate = installed;
            installingThread = null;
            synchronized (done) {
                state.set(DONE);
                done.notifyAll();
            }
        }
    }

    private byte[] afterInstall(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (state.get() == INSTALLING) {
            if (installingThread == Thread.currentThread() || loader == null || !HookCatalog.mayBeHooked(className)) {
                return null; // the agent's own classes, or nothing a hook could want
            }
            try {
                awaitDone(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
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
        if (target == null || loader == null || !HookCatalog.mayBeHooked(className)) {
            // nothing a hook wants lives in the bootstrap loader, and most classes are no hook's by
            // name: the hooks never read them (describing each one cost more than Tomcat's own start)
            return null;
        }
        try {
            return target.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Waits until the install finished (tests); true if it did within the time. */
    boolean awaitDone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (done) {
            while (state.get() != DONE) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                done.wait(left);
            }
            return true;
        }
    }

    /** True once the trigger fired and the install finished (successfully or not). */
    public boolean isDone() {
        return state.get() == DONE;
    }
}
