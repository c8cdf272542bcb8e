package dev.corsagent.it.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An Xvfb display for WebKitGTK, which has no headless mode. Xvfb picks a free display number
 * itself ({@code -displayfd}) and writes it once it accepts clients, so two runs never share one
 * and a stale socket of a killed server is never mistaken for a live one.
 */
final class VirtualDisplay implements AutoCloseable {
    static final Path XVFB = Path.of("/usr/bin/Xvfb");

    private final Process process;
    /** For DISPLAY, e.g. {@code :3}. */
    final String name;

    private VirtualDisplay(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    static VirtualDisplay start(Path workDir) throws IOException, InterruptedException {
        Path log = workDir.resolve("xvfb.txt");
        Process xvfb = new ProcessBuilder(XVFB.toString(), "-displayfd", "1", "-screen", "0", "1280x800x24",
                "-nolisten", "tcp").redirectError(log.toFile()).start();
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            // not closed: Xvfb keeps its end of the pipe
            BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = number.get(20, TimeUnit.SECONDS);
            if (line == null || line.isBlank()) {
                throw new IOException("Xvfb gave no display number: " + Files.readString(log));
            }
            return new VirtualDisplay(xvfb, ":" + line.trim());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            xvfb.destroyForcibly();
            throw new IOException("Xvfb did not start within 20 s: " + Files.readString(log), e);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Xvfb removes its socket and lock file
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
