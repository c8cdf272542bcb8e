package dev.corsagent.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policy files written per test. */
public final class Policies {
    /** The policy every container runs the shared contract under. */
    public static final String CONTRACT = String.join("\n",
            "# written by the integration tests: the shared contract's policy",
            "cors.paths = /shop/api/**, /shop/secure/**",
            "cors.allowed-origins = https://app.example.com, https://*.trusted.example, http://localhost:*",
            "cors.allowed-methods = GET, POST, PUT, DELETE",
            "cors.allowed-headers = Authorization, Content-Type, X-Requested-With",
            "cors.exposed-headers = X-Request-Id",
            "cors.allow-credentials = true",
            "cors.max-age = 600",
            "cors.log.level = debug",
            "");

    private Policies() {
    }

    public static Path write(Path dir, String fileName, String text) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fileName);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
