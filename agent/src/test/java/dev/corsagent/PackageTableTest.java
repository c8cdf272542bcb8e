package dev.corsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's package table, enforced: every compiled class of the agent refers only to its own
 * package, the packages its row allows, and the JDK. What counts as a reference: the classes its
 * constant pool names and the types in its descriptors (not string constants, which name classes
 * without linking to them).
 */
class PackageTableTest {
    private static final Path DESIGN = Paths.get("..", "docs", "DESIGN.md");
    private static final Path CLASSES = Paths.get("target", "classes", "dev", "corsagent");
    private static final String ROOT = "(root)";
    /** What the table's words mean, as class name prefixes. */
    private static final Map<String, List<String>> LIBRARIES = new HashMap<String, List<String>>();

    static {
        LIBRARIES.put("byte-buddy", Arrays.asList("net/bytebuddy/"));
        LIBRARIES.put("byte-buddy-agent", Arrays.asList("net/bytebuddy/agent/"));
        // the only parts of Byte Buddy the agent ships (ASM) or names (the advice notation, read by name, never loaded)
        LIBRARIES.put("ASM", Arrays.asList("net/bytebuddy/jar/asm/"));
        LIBRARIES.put("Advice annotations", Arrays.asList("net/bytebuddy/asm/Advice"));
        LIBRARIES.put("tinylog", Arrays.asList("org/tinylog/"));
        LIBRARIES.put("container APIs", Arrays.asList("org/apache/catalina/", "org/apache/coyote/", "org/apache/tomcat/",
                "org/eclipse/jetty/", "io/undertow/", "javax/servlet/", "jakarta/servlet/"));
    }

    private static final List<String> OUTSIDE_THE_JDK = Arrays.asList("dev/corsagent/", "net/bytebuddy/", "org/tinylog/",
            "org/apache/", "org/eclipse/", "io/undertow/", "javax/servlet/", "jakarta/servlet/");

    @Test
    void everyClassDependsOnlyOnWhatItsPackagesRowAllows() throws IOException {
        Map<String, List<String>> allowed = table();
        Set<String> packages = new TreeSet<String>();
        List<String> violations = new ArrayList<String>();
        for (File file : classFiles(CLASSES.toFile(), new ArrayList<File>())) {
            String relative = CLASSES.relativize(file.toPath()).toString().replace(File.separatorChar, '/');
            String pkg = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : ROOT;
            packages.add(pkg);
            List<String> mayUse = allowed.get(pkg);
            if (mayUse == null) {
                continue; // reported below, once per package
            }
            String own = pkg.equals(ROOT) ? "dev/corsagent/" : "dev/corsagent/" + pkg + "/";
            for (String type : referencedTypes(file)) {
                if (!isOutsideTheJdk(type) || type.startsWith(own) && (!pkg.equals(ROOT) || type.indexOf('/', own.length()) < 0)
                        || startsWithAny(type, mayUse)) {
                    continue;
                }
                violations.add(relative + " uses " + type);
            }
        }
        assertEquals(new TreeSet<String>(allowed.keySet()), packages, "DESIGN.md's table and the compiled packages");
        assertTrue(violations.isEmpty(), "not allowed by DESIGN.md's package table:\n" + String.join("\n", violations));
    }

    /** Package → allowed prefixes, from the table under "## Packages". */
    private static Map<String, List<String>> table() throws IOException {
        String design = new String(Files.readAllBytes(DESIGN), StandardCharsets.UTF_8);
        int start = design.indexOf("## Packages");
        String section = design.substring(start, design.indexOf("\n## ", start + 1));
        Map<String, List<String>> table = new TreeMap<String, List<String>>();
        Pattern row = Pattern.compile("^\\| (`(\\w+)`|\\(root\\)) \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(section);
        while (m.find()) {
            String pkg = m.group(2) == null ? ROOT : m.group(2);
            List<String> prefixes = new ArrayList<String>();
            for (String word : m.group(3).split(",")) {
                String name = word.trim();
                if (name.startsWith("`") && name.endsWith("`")) {
                    prefixes.add("dev/corsagent/" + name.substring(1, name.length() - 1).replace('.', '/') + "/");
                } else if (LIBRARIES.containsKey(name)) {
                    prefixes.addAll(LIBRARIES.get(name));
                } else {
                    assertEquals("JDK only", name, "a word DESIGN.md's table may use in row " + pkg);
                }
            }
            table.put(pkg, prefixes);
        }
        assertTrue(table.size() > 5, "the package table was not found in " + DESIGN);
        return table;
    }

    private static List<File> classFiles(File dir, List<File> into) {
        File[] children = dir.listFiles();
        assertTrue(children != null, "no compiled classes in " + dir);
        for (File child : children) {
            if (child.isDirectory()) {
                classFiles(child, into);
            } else if (child.getName().endsWith(".class")) {
                into.add(child);
            }
        }
        return into;
    }

    /**
     * The types a class file links to: each CONSTANT_Class name, and the object types in each
     * descriptor the constant pool holds (member references, and the class's own fields and methods).
     */
    static Set<String> referencedTypes(File classFile) throws IOException {
        Set<String> types = new TreeSet<String>();
        DataInputStream in = new DataInputStream(new FileInputStream(classFile));
        try {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNames = new ArrayList<Integer>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 7: classNames.add(in.readUnsignedShort()); break;
                    case 3: case 4: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    default: throw new IOException("constant tag " + tag + " in " + classFile);
                }
            }
            for (int index : classNames) {
                String name = utf8[index];
                types.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
            }
            Matcher object = Pattern.compile("L([\\w/$]+)[;<]").matcher("");
            for (String value : utf8) {
                // descriptors and signatures, not string constants: they start with '(' or 'L' and close with ';'
                if (value != null && (value.startsWith("(") || value.startsWith("L") && value.endsWith(";"))) {
                    object.reset(value);
                    while (object.find()) {
                        types.add(object.group(1));
                    }
                }
            }
        } finally {
            in.close();
        }
        return types;
    }

    private static boolean isOutsideTheJdk(String type) {
        return startsWithAny(type, OUTSIDE_THE_JDK);
    }

    private static boolean startsWithAny(String type, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
