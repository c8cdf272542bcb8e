package dev.corsagent.reload;

import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfigWatcherTest {
    /** Long enough that the thread never polls during a test that drives pollOnce() itself. */
    private static final long NEVER = 3_600_000;

    private static final String ORIGINS_A = "cors.allowed-origins = https://a.example.com\n";
    private static final String ORIGINS_B = "cors.allowed-origins = https://b.example.com\n";
    private static final String INVALID = "cors.allowed-origins = https://a.example.com\ncors.no-such-key = 1\n";

    @TempDir
    Path dir;

    private final List<Call> calls = new ArrayList<Call>();
    private ConfigWatcher watcher;

    private static final class Call {
        final LoadResult result;
        final boolean initial;

        Call(LoadResult result, boolean initial) {
            this.result = result;
            this.initial = initial;
        }
    }

    private final ConfigWatcher.Listener recorder = new ConfigWatcher.Listener() {
        @Override
        public void onLoad(LoadResult result, boolean initial) {
            calls.add(new Call(result, initial));
        }
    };

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String firstOrigin(LoadResult result) {
        assertTrue(result.isValid(), () -> "expected a valid result: " + result.errors());
        return String.valueOf(result.config().policies().get(0).allowedOrigins().get(0));
    }

    private Call last() {
        return calls.get(calls.size() - 1);
    }

    @Test
    void loadsOnceSynchronouslyWithInitialTrue() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);

        watcher = ConfigWatcher.start(file, NEVER, recorder);

        assertEquals(1, calls.size());
        assertTrue(calls.get(0).initial);
        assertEquals("https://a.example.com", firstOrigin(calls.get(0).result));
    }

    @Test
    void unchangedBytesGiveNoCallbackEvenWithNewModificationTime() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        assertFalse(watcher.pollOnce());
        write(file, ORIGINS_A); // same bytes, rewritten
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertFalse(watcher.pollOnce());

        assertEquals(1, calls.size());
    }

    @Test
    void inPlaceWriteIsReported() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);
        FileTime before = Files.getLastModifiedTime(file);

        write(file, ORIGINS_B);
        // same mtime as before: the content alone must decide (coarse file system clocks)
        Files.setLastModifiedTime(file, before);

        assertTrue(watcher.pollOnce());
        assertEquals(2, calls.size());
        assertFalse(last().initial);
        assertEquals("https://b.example.com", firstOrigin(last().result));
        assertFalse(watcher.pollOnce(), "reported once, not on every tick");
    }

    @Test
    void atomicRenameIsReported() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        Path temp = dir.resolve(".cors.properties.tmp");
        write(temp, ORIGINS_B);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertTrue(watcher.pollOnce());
        assertEquals("https://b.example.com", firstOrigin(last().result));
    }

    /**
     * Kubernetes mounts a ConfigMap as {@code cors.properties -> ..data/cors.properties}, with
     * {@code ..data -> ..2024_01_01_00_00_00.1} swapped by renaming a new symlink over it.
     */
    @Test
    void configMapStyleSymlinkSwapIsReported() throws IOException {
        Path version1 = Files.createDirectory(dir.resolve("..v1"));
        Path version2 = Files.createDirectory(dir.resolve("..v2"));
        write(version1.resolve("cors.properties"), ORIGINS_A);
        write(version2.resolve("cors.properties"), ORIGINS_B);
        Path data = dir.resolve("..data");
        try {
            Files.createSymbolicLink(data, version1.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not supported here: " + e);
        }
        Path file = dir.resolve("cors.properties");
        Files.createSymbolicLink(file, data.getFileName().resolve("cors.properties"));
        watcher = ConfigWatcher.start(file, NEVER, recorder);
        assertEquals("https://a.example.com", firstOrigin(calls.get(0).result));

        Path newData = dir.resolve("..data_tmp");
        Files.createSymbolicLink(newData, version2.getFileName());
        Files.move(newData, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertTrue(watcher.pollOnce());
        assertEquals("https://b.example.com", firstOrigin(last().result));
        assertFalse(watcher.pollOnce());
    }

    @Test
    void deleteIsReportedOnceThenRecreateIsReported() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        Files.delete(file);
        assertTrue(watcher.pollOnce());
        assertFalse(last().result.isValid(), "a missing file is an error result");
        assertFalse(last().result.errors().isEmpty());
        assertFalse(watcher.pollOnce(), "still missing: no second report");
        assertFalse(watcher.pollOnce());
        assertEquals(2, calls.size());

        write(file, ORIGINS_A); // the same content as before it vanished still counts: it is back
        assertTrue(watcher.pollOnce());
        assertEquals("https://a.example.com", firstOrigin(last().result));
        assertEquals(3, calls.size());
    }

    @Test
    void missingAtStartIsAnInvalidInitialResultAndStillWatched() throws IOException {
        Path file = dir.resolve("cors.properties");
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        assertEquals(1, calls.size());
        assertTrue(calls.get(0).initial);
        assertFalse(calls.get(0).result.isValid());
        assertNull(calls.get(0).result.config());

        write(file, ORIGINS_A);
        assertTrue(watcher.pollOnce());
        assertEquals("https://a.example.com", firstOrigin(last().result));
    }

    @Test
    void invalidContentIsReportedAsInvalidResult() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        write(file, INVALID);
        assertTrue(watcher.pollOnce());
        assertFalse(last().result.isValid());
        assertFalse(last().result.errors().isEmpty());
        assertFalse(watcher.pollOnce(), "the same invalid bytes are reported once");

        write(file, ORIGINS_B);
        assertTrue(watcher.pollOnce());
        assertEquals("https://b.example.com", firstOrigin(last().result));
    }

    @Test
    void unreadableFileIsReportedOnceAndRecovers() throws IOException {
        assumeFalse(System.getProperty("os.name").toLowerCase().contains("win"), "POSIX permissions");
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(file), "running as root: permissions do not stop reads");
            assertTrue(watcher.pollOnce());
            assertFalse(last().result.isValid(), "an unreadable file is an error result");
            assertFalse(watcher.pollOnce(), "still unreadable: no second report");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertTrue(watcher.pollOnce(), "readable again");
        assertEquals("https://a.example.com", firstOrigin(last().result));
    }

    @Test
    void directoryInPlaceOfFileIsUnreadable() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        Files.delete(file);
        Files.createDirectory(file);
        assertTrue(watcher.pollOnce());
        assertFalse(last().result.isValid());
        assertFalse(watcher.pollOnce());
    }

    /** Runs as root too, where permission bits do not make a file unreadable. */
    @Test
    void symlinkLoopIsUnreadableAndReportedOnce() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        Files.delete(file);
        try {
            Files.createSymbolicLink(file, file.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not supported here: " + e);
        }
        assertTrue(watcher.pollOnce());
        assertFalse(last().result.isValid());
        assertFalse(watcher.pollOnce(), "still unreadable: no second report");

        Files.delete(file);
        assertTrue(watcher.pollOnce(), "unreadable -> missing is a change of state");
        assertFalse(last().result.isValid());
        assertEquals(3, calls.size());
    }

    @Test
    void problemsNameTheFileAsTheLoaderDoes() throws IOException {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, recorder);

        write(file, INVALID);
        assertTrue(watcher.pollOnce());
        assertEquals(file.toString(), last().result.errors().get(0).source());
        assertEquals(2, last().result.errors().get(0).line());
    }

    @Test
    void daemonThreadPicksUpChangesAndSurvivesAThrowingListener() throws Exception {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        BlockingQueue<LoadResult> loads = new LinkedBlockingQueue<LoadResult>();
        watcher = ConfigWatcher.start(file, 20, new ConfigWatcher.Listener() {
            @Override
            public void onLoad(LoadResult result, boolean initial) {
                loads.add(result);
                if (!initial) {
                    throw new IllegalStateException("listener bug");
                }
            }
        });
        assertNotNull(loads.poll(1, TimeUnit.SECONDS));

        Thread thread = watcher.thread();
        assertEquals(ConfigWatcher.THREAD_NAME, thread.getName());
        assertTrue(thread.isAlive());
        assertTrue(thread.isDaemon(), "never keeps the JVM alive");

        write(file, ORIGINS_B);
        LoadResult second = loads.poll(10, TimeUnit.SECONDS);
        assertNotNull(second, "change picked up by the thread");
        assertEquals("https://b.example.com", firstOrigin(second));

        write(file, ORIGINS_A); // the listener threw last time; the thread must still be polling
        LoadResult third = loads.poll(10, TimeUnit.SECONDS);
        assertNotNull(third, "still polling after the listener threw");
        assertEquals("https://a.example.com", firstOrigin(third));
    }

    @Test
    void closeStopsTheThread() throws Exception {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        BlockingQueue<LoadResult> loads = new LinkedBlockingQueue<LoadResult>();
        watcher = ConfigWatcher.start(file, 20, (result, initial) -> loads.add(result));
        loads.take();
        Thread thread = watcher.thread();
        assertTrue(thread.isAlive());

        watcher.close();
        thread.join(5_000);
        assertFalse(thread.isAlive(), "thread ended after close()");

        write(file, ORIGINS_B);
        assertNull(loads.poll(200, TimeUnit.MILLISECONDS), "no callbacks after close()");
    }

    @Test
    void threadDoesNotKeepTheStartingThreadsContextClassLoader() throws Exception {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        ClassLoader webappLike = new java.net.URLClassLoader(new java.net.URL[0], null);
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        current.setContextClassLoader(webappLike);
        try {
            watcher = ConfigWatcher.start(file, NEVER, recorder);
        } finally {
            current.setContextClassLoader(saved);
        }
        assertTrue(watcher.thread().getContextClassLoader() != webappLike);
        assertEquals(ConfigWatcher.class.getClassLoader(), watcher.thread().getContextClassLoader());
    }

    @Test
    void strayInterruptDoesNotStopTheWatching() throws Exception {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        BlockingQueue<LoadResult> loads = new LinkedBlockingQueue<LoadResult>();
        watcher = ConfigWatcher.start(file, 20, (result, initial) -> loads.add(result));
        loads.take();

        watcher.thread().interrupt();
        Thread.sleep(100);
        assertTrue(watcher.thread().isAlive());
        write(file, ORIGINS_B);
        LoadResult changed = loads.poll(10, TimeUnit.SECONDS);
        assertNotNull(changed, "still polling after an interrupt");
        assertEquals("https://b.example.com", firstOrigin(changed));
    }

    @Test
    void rejectsBadArguments() {
        Path file = dir.resolve("cors.properties");
        assertThrows(IllegalArgumentException.class, () -> ConfigWatcher.start(file, 0, recorder));
        assertThrows(IllegalArgumentException.class, () -> ConfigWatcher.start(file, 100, null));
        assertTrue(calls.isEmpty());
    }

    /**
     * A rewrite in place truncates the file first: a poll that reads it empty (a valid policy that
     * allows nothing) must wait until the bytes settle instead of applying it.
     */
    @Test
    void aFileCaughtInTheMiddleOfARewriteIsNotApplied() throws Exception {
        Path file = dir.resolve("cors.properties");
        write(file, ORIGINS_A);
        watcher = ConfigWatcher.start(file, NEVER, 1000, recorder);
        calls.clear();
        Files.write(file, new byte[0]); // the moment between truncate and write
        final boolean[] reported = new boolean[1];
        Thread poller = new Thread(new Runnable() {
            @Override
            public void run() {
                reported[0] = watcher.pollOnce();
            }
        });
        poller.start();
        Thread.sleep(300); // the poller has read the empty file and waits for it to settle
        write(file, ORIGINS_B);
        poller.join();

        assertFalse(reported[0], "an unsettled read is not reported");
        assertEquals(0, calls.size(), "the empty file must not reach the listener");
        assertTrue(watcher.pollOnce(), "the next tick applies the finished file");
        assertEquals(1, calls.size());
        assertEquals("https://b.example.com", firstOrigin(calls.get(0).result));
    }
}
