package dev.corsagent.it.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for {@code localhost} made at test time with the JDK's keytool, signed by a test CA
 * made with it: a PKCS12 keystore for the shop (password {@code changeit}) and the CA certificate as
 * PEM for the browsers to trust.
 */
final class TestCertificate {
    final Path keystore;
    /** The CA certificate. */
    final Path pem;

    private TestCertificate(Path keystore, Path pem) {
        this.keystore = keystore;
        this.pem = pem;
    }

    static TestCertificate make(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.p12");
        Path keystore = dir.resolve("shop.p12");
        Path pem = dir.resolve("ca.pem");
        Path request = dir.resolve("shop.csr");
        Path signed = dir.resolve("shop.pem");
        for (Path file : List.of(ca, keystore, pem, request, signed)) {
            Files.deleteIfExists(file);
        }
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> caStore = List.of("-keystore", ca.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        List<String> shopStore = List.of("-keystore", keystore.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        // a CA of the test's own, as a company CA would be: browsers trust CAs, not a bare self-signed server
        run(concat(List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=cors-agent test CA", "-ext", "bc:c", "-validity", "2"), caStore), dir);
        run(concat(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-file", pem.toString()), caStore), dir);
        run(concat(List.of(keytool, "-genkeypair", "-alias", "shop", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2"), shopStore), dir);
        run(concat(List.of(keytool, "-certreq", "-alias", "shop", "-file", request.toString()), shopStore), dir);
        run(concat(List.of(keytool, "-gencert", "-alias", "ca", "-infile", request.toString(), "-outfile",
                signed.toString(), "-rfc", "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-ext", "EKU=serverAuth", "-ext", "KU=digitalSignature,keyEncipherment"), caStore), dir);
        run(concat(List.of(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString()), shopStore), dir);
        run(concat(List.of(keytool, "-importcert", "-noprompt", "-alias", "shop", "-file", signed.toString()), shopStore), dir);
        return new TestCertificate(keystore, pem);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + output);
        }
    }
}
