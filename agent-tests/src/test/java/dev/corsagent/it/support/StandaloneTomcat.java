package dev.corsagent.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A standalone Tomcat from the unpacked distribution: its bin/, conf/ and lib/ copied into a
 * per-test CATALINA_BASE with free ports in conf/server.xml, the shop WAR in webapps/ (the
 * distribution's own webapps are left out, they only slow the start) and alice in tomcat-users.xml.
 * Started the way catalina.sh run starts it, with java directly so that the child is the JVM itself.
 */
public final class StandaloneTomcat {
    private final Path base;
    private final int httpPort;

    private StandaloneTomcat(Path base, int httpPort) {
        this.base = base;
        this.httpPort = httpPort;
    }

    public static StandaloneTomcat prepare(Path dist, Path base, Path war) throws IOException {
        for (String dir : List.of("bin", "conf", "lib")) {
            copyTree(dist.resolve(dir), base.resolve(dir));
        }
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        int httpPort = Ports.free();
        int shutdownPort = Ports.free();
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String patched = xml.replace("port=\"8005\"", "port=\"" + shutdownPort + "\"")
                .replace("port=\"8080\"", "port=\"" + httpPort + "\"");
        if (patched.equals(xml) || !patched.contains("port=\"" + httpPort + "\"")) {
            throw new IllegalStateException("could not set the ports in " + serverXml);
        }
        Files.writeString(serverXml, patched, StandardCharsets.UTF_8);
        Files.writeString(base.resolve("conf/tomcat-users.xml"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">",
                "  <role rolename=\"cors-user\"/>",
                "  <user username=\"alice\" password=\"secret\" roles=\"cors-user\"/>",
                "</tomcat-users>", ""), StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps/shop.war"), StandardCopyOption.REPLACE_EXISTING);
        return new StandaloneTomcat(base, httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public Path base() {
        return base;
    }

    /** The command line catalina.sh run builds, minus the shell. */
    public ChildJvm.Builder starter(String name) {
        String b = base.toString();
        return ChildJvm.builder(name)
                .workDir(base)
                .jvmArg("-Djava.util.logging.config.file=" + b + "/conf/logging.properties")
                .jvmArg("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager")
                .jvmArg("-Djdk.tls.ephemeralDHKeySize=2048")
                .jvmArg("-Djava.protocol.handler.pkgs=org.apache.catalina.webresources")
                .jvmArg("--add-opens=java.base/java.lang=ALL-UNNAMED")
                .jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
                .jvmArg("--add-opens=java.base/java.util=ALL-UNNAMED")
                .jvmArg("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED")
                .jvmArg("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED")
                .jvmArg("-Dcatalina.base=" + b)
                .jvmArg("-Dcatalina.home=" + b)
                .jvmArg("-Djava.io.tmpdir=" + b + "/temp")
                .classpath(b + "/bin/bootstrap.jar:" + b + "/bin/tomcat-juli.jar")
                .mainClass("org.apache.catalina.startup.Bootstrap")
                .args("start");
    }

    /** A copy of the directory tree {@code from} at {@code to}, existing files replaced. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
