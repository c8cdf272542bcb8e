package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the built cors-agent.jar passes on to whoever runs it (issue 19): the Apache-2.0 text, a
 * NOTICE that carries Byte Buddy's own NOTICE word for word, ASM's and tinylog's license notes, and
 * a CycloneDX SBOM naming every shaded component with the version the build used. Read from the
 * real jar and compared with the real Byte Buddy jar, so a dependency upgrade that changes its
 * NOTICE, or a shade change that drops a file, fails here.
 */
class ReleaseContentsIT {
    private static byte[] entry(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertNotNull(entry, "the agent jar has no " + name);
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static String text(ZipFile jar, String name) throws IOException {
        return new String(entry(jar, name), StandardCharsets.UTF_8);
    }

    @Test
    void theJarCarriesTheApacheLicenseAndOnlyOneLicenseAndNotice() throws IOException {
        try (ZipFile jar = new ZipFile(Artifacts.agentJar().toFile())) {
            assertArrayEquals(Files.readAllBytes(Paths.get(System.getProperty("license.file"))),
                    entry(jar, "META-INF/LICENSE"), "META-INF/LICENSE is the repository's LICENSE");
            assertTrue(text(jar, "META-INF/LICENSE").contains("Apache License\n                           Version 2.0"));
            List<String> legal = new ArrayList<>();
            jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.toUpperCase(Locale.ROOT).matches(".*/(LICENSE|NOTICE)[^/]*"))
                    .forEach(legal::add);
            assertEquals(List.of("META-INF/LICENSE", "META-INF/NOTICE"), legal.stream().sorted().toList(),
                    "no second LICENSE or NOTICE (a dependency's, unmerged) anywhere in the jar");
        }
    }

    @Test
    void theNoticeCarriesByteBuddysNoticeAndNamesAsmAndTinylog() throws IOException {
        String byteBuddyNotice;
        String byteBuddyAsm;
        try (ZipFile byteBuddy = new ZipFile(System.getProperty("byte-buddy.jar"))) {
            byteBuddyNotice = text(byteBuddy, "META-INF/NOTICE");
            byteBuddyAsm = text(byteBuddy, "META-INF/licenses/ASM");
        }
        try (ZipFile jar = new ZipFile(Artifacts.agentJar().toFile())) {
            String notice = text(jar, "META-INF/NOTICE");
            for (String line : byteBuddyNotice.split("\\R")) {
                if (!line.isBlank()) {
                    assertTrue(notice.contains("   " + line.strip()), "Byte Buddy's NOTICE line missing: " + line);
                }
            }
            assertTrue(notice.contains("ASM") && notice.contains("META-INF/licenses/ASM"), notice);
            assertTrue(notice.contains("tinylog") && notice.contains("META-INF/licenses/tinylog"), notice);
            assertEquals(byteBuddyAsm, text(jar, "META-INF/licenses/ASM"), "ASM's license as Byte Buddy ships it");
            assertTrue(text(jar, "META-INF/licenses/tinylog").contains("Apache License, Version 2.0"));
        }
    }

    @Test
    void ofByteBuddyTheJarShipsItsAsmAndTheAttachAgentOnly() throws IOException {
        // the hooks weave with ASM alone (hooks.Weaver): the rest of Byte Buddy (some 3,000 classes,
        // 4.5 MB) would only be read at every start to find the jar's entries
        try (ZipFile jar = new ZipFile(Artifacts.agentJar().toFile())) {
            List<String> shaded = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("dev/corsagent/shaded/bytebuddy/") && n.endsWith(".class")).toList();
            assertTrue(shaded.stream().anyMatch(n -> n.equals("dev/corsagent/shaded/bytebuddy/jar/asm/ClassReader.class")), "ASM");
            assertTrue(shaded.stream().anyMatch(n -> n.equals("dev/corsagent/shaded/bytebuddy/agent/ByteBuddyAgent.class")),
                    "the attach (cors-agent attach, byte-buddy-agent)");
            List<String> rest = shaded.stream()
                    .filter(n -> !n.matches("dev/corsagent/shaded/bytebuddy/jar/asm/[^/]+\\.class")
                            && !n.startsWith("dev/corsagent/shaded/bytebuddy/agent/"))
                    .toList();
            assertEquals(List.of(), rest, "nothing of Byte Buddy but ASM and byte-buddy-agent");
        }
    }

    @Test
    void theSbomListsEachShadedComponentWithItsVersionAndLicenseAndNothingElse() throws IOException {
        String sbom;
        try (ZipFile jar = new ZipFile(Artifacts.agentJar().toFile())) {
            sbom = text(jar, "META-INF/sbom/cors-agent.cdx.json");
        }
        assertTrue(sbom.contains("\"bomFormat\" : \"CycloneDX\"") || sbom.contains("\"bomFormat\":\"CycloneDX\""), sbom);
        assertTrue(sbom.contains("pkg:maven/dev.corsagent/cors-agent@"), "the SBOM describes the agent itself");
        String byteBuddy = System.getProperty("byte-buddy.version");
        String tinylog = System.getProperty("tinylog.version");
        List<String> expected = List.of("pkg:maven/net.bytebuddy/byte-buddy@" + byteBuddy + "?type=jar",
                "pkg:maven/net.bytebuddy/byte-buddy-agent@" + byteBuddy + "?type=jar",
                "pkg:maven/org.tinylog/tinylog-api@" + tinylog + "?type=jar",
                "pkg:maven/org.tinylog/tinylog-impl@" + tinylog + "?type=jar");
        // every component purl in the file (the metadata's own component aside): exactly what is shaded,
        // no provided container API, no test library
        List<String> components = new ArrayList<>();
        Matcher purl = Pattern.compile("\"purl\"\\s*:\\s*\"([^\"]+)\"").matcher(sbom);
        while (purl.find()) {
            if (!purl.group(1).startsWith("pkg:maven/dev.corsagent/")) {
                components.add(purl.group(1));
            }
        }
        assertEquals(expected.stream().sorted().toList(), components.stream().distinct().sorted().toList());
        // each component with the Apache-2.0 SPDX id (four components: four license entries at least)
        Matcher spdx = Pattern.compile("\"id\"\\s*:\\s*\"Apache-2.0\"").matcher(sbom);
        int licenses = 0;
        while (spdx.find()) {
            licenses++;
        }
        assertTrue(licenses >= 4, "each component names its license: " + licenses);
        assertTrue(!sbom.contains("\"serialNumber\""), "no random serial number: the jar must be reproducible");
    }
}
