package dev.corsagent.reload;

import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Watches the config file by content: every interval it reads the file's bytes and reports a new
 * {@link LoadResult} only when they differ from the last read, or when the file appeared,
 * disappeared or became unreadable (once per change of state, not on every tick).
 *
 * <p>Comparing bytes rather than modification times makes every way of replacing a file count:
 * writes in place, atomic renames, and Kubernetes ConfigMap updates (where {@code cors.properties}
 * is a symlink into {@code ..data}, itself a symlink swapped by rename). The path is resolved again
 * on every read, so a swapped symlink is followed. A changed mtime with the same bytes is no change.
 *
 * <p>Does not log: the listener decides what to say. Never throws out of its thread.
 */
public final class ConfigWatcher implements Closeable {
    /** Name of the polling thread, so operators can recognise it in thread dumps. */
    public static final String THREAD_NAME = "cors-agent-config-watcher";
    /**
     * Changed bytes count only when a second read this much later finds the same bytes: a file
     * rewritten in place is empty (truncated) or partly written for a moment, and such a read,
     * often a valid policy by itself (an empty file allows nothing), must not be applied.
     */
    static final long SETTLE_MILLIS = 100;

    /** Receives every load: the first one (synchronous, {@code initial} true) and each change. */
    public interface Listener {
        void onLoad(LoadResult result, boolean initial);
    }

    /** What the last read found. Only a change of this is reported. */
    private enum FileState { PRESENT, MISSING, UNREADABLE }

    private final Path file;
    private final long intervalMillis;
    private final long settleMillis;
    private final Listener listener;
    private final Thread thread;
    private final Object sleepLock = new Object();
    private volatile boolean closed;

    // guarded by "this": the last read's state and, when PRESENT, its bytes
    private FileState lastState;
    private byte[] lastBytes;

    private ConfigWatcher(Path file, long intervalMillis, long settleMillis, Listener listener) {
        this.file = file;
        this.intervalMillis = intervalMillis;
        this.settleMillis = settleMillis;
        this.listener = listener;
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                pollUntilClosed();
            }
        }, THREAD_NAME);
        this.thread.setDaemon(true);
        // the starting thread may be an app's request or deploy thread: do not pin its class loader
        // (a webapp loader held by a long-lived thread leaks on redeploy)
        this.thread.setContextClassLoader(ConfigWatcher.class.getClassLoader());
    }

    /**
     * Loads {@code file} now and hands the result to the listener ({@code initial} true) on the
     * caller's thread, then starts the daemon polling thread. A missing, unreadable or invalid file
     * is an invalid result, not an exception, and is still watched. An exception thrown by the
     * listener during this first call propagates, and then no thread is started.
     */
    public static ConfigWatcher start(Path file, long intervalMillis, Listener listener) {
        return start(file, intervalMillis, SETTLE_MILLIS, listener);
    }

    /** As above with another settle time; for tests. */
    static ConfigWatcher start(Path file, long intervalMillis, long settleMillis, Listener listener) {
        if (file == null || listener == null) {
            throw new IllegalArgumentException("file and listener are required");
        }
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalMillis);
        }
        ConfigWatcher watcher = new ConfigWatcher(file, intervalMillis, settleMillis, listener);
        watcher.loadInitially();
        watcher.thread.start();
        return watcher;
    }

    public Path file() {
        return file;
    }

    /** The polling thread; for tests. */
    Thread thread() {
        return thread;
    }

    /**
     * Stops polling. Idempotent; a listener call in progress finishes. Wakes the thread rather
     * than interrupting it: an interrupt during the listener's logging would close its file channel.
     */
    @Override
    public void close() {
        synchronized (sleepLock) {
            closed = true;
            sleepLock.notifyAll();
        }
    }

    private synchronized void loadInitially() {
        LoadResult result = readAndRemember(false);
        listener.onLoad(result, true);
    }

    private void pollUntilClosed() {
        while (true) {
            if (!sleepUnlessClosed()) {
                return;
            }
            try {
                pollOnce();
            } catch (Throwable t) {
                // a failing listener (or anything else) must not end the watching: try again next tick
            }
        }
    }

    /** Waits one interval; false when closed meanwhile. */
    private boolean sleepUnlessClosed() {
        long deadline = System.nanoTime() + intervalMillis * 1_000_000L;
        synchronized (sleepLock) {
            while (!closed) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
                if (remainingMillis <= 0) {
                    return true;
                }
                try {
                    sleepLock.wait(remainingMillis);
                } catch (InterruptedException e) {
                    // only close() ends the watching; a stray interrupt must not kill reloads, and
                    // keeping the flag set would make every later wait return at once (a busy loop)
                }
            }
            return false;
        }
    }

    /**
     * One check of the file. Calls the listener (initial false) and returns true when its content
     * or state changed since the last check. Package-private so tests can drive it without timing.
     */
    synchronized boolean pollOnce() {
        LoadResult result = readAndRemember(true);
        if (result == null) {
            return false;
        }
        listener.onLoad(result, false);
        return true;
    }

    /**
     * Reads the file once, remembers what was found, and returns the result of parsing exactly the
     * bytes read (so a change between compare and parse cannot slip by unnoticed).
     * Returns null when the file is unchanged, to skip parsing on quiet ticks.
     */
    private LoadResult readAndRemember(boolean settle) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return remember(FileState.MISSING, null);
        } catch (IOException | RuntimeException e) {
            // permission denied, a directory, an I/O error, a symlink loop...
            return remember(FileState.UNREADABLE, null);
        }
        if (lastState == FileState.PRESENT && Arrays.equals(bytes, lastBytes)) {
            return null;
        }
        if (settle && !sameBytesAfterSettling(bytes)) {
            return null; // still being written: nothing is remembered, the next tick looks again
        }
        lastState = FileState.PRESENT;
        lastBytes = bytes;
        return ConfigLoader.parse(bytes, sourceName()); // decoded, BOM skipped, size capped as load does
    }

    private boolean sameBytesAfterSettling(byte[] bytes) {
        try {
            Thread.sleep(settleMillis);
            return Arrays.equals(bytes, Files.readAllBytes(file));
        } catch (InterruptedException e) {
            return false; // not kept set, as in sleepUnlessClosed: the next tick looks again
        } catch (IOException | RuntimeException e) {
            return false; // gone or unreadable meanwhile: the next tick reports that
        }
    }

    private LoadResult remember(FileState state, byte[] bytes) {
        FileState before = lastState;
        lastState = state;
        lastBytes = bytes;
        if (before == state) {
            return null;
        }
        // the loader turns a missing or unreadable file into an error result that names the file
        return ConfigLoader.load(file);
    }

    /** The same name {@link ConfigLoader#load} gives the file in its problems. */
    private String sourceName() {
        return String.valueOf(file);
    }
}
