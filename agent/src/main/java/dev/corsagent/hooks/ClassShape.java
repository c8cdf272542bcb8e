package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What the hooks need to know of a class, read from its class file without loading it: its name,
 * flags, supertypes, methods and fields. The code is skipped.
 */
final class ClassShape {
    /** Internal name: {@code java/util/ArrayList}. */
    final String name;
    final int access;
    /** Null for {@code java/lang/Object} (and for module-info). */
    final String superName;
    final List<String> interfaces;
    /** Declared method, as name and descriptor ({@code toString()Ljava/lang/String;}), to its access flags. */
    final Map<String, Integer> methods;
    /** Field name to descriptor, static fields too. */
    final Map<String, String> fields;
    /** Field name to its access flags. */
    final Map<String, Integer> fieldAccess;

    private ClassShape(String name, int access, String superName, List<String> interfaces, Map<String, Integer> methods,
                       Map<String, String> fields, Map<String, Integer> fieldAccess) {
        this.name = name;
        this.access = access;
        this.superName = superName;
        this.interfaces = interfaces;
        this.methods = methods;
        this.fields = fields;
        this.fieldAccess = fieldAccess;
    }

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isSynthetic() {
        return (access & Opcodes.ACC_SYNTHETIC) != 0;
    }

    /** The binary name, as the catalog writes it: {@code java.util.ArrayList}. */
    String binaryName() {
        return name.replace('/', '.');
    }

    static ClassShape read(byte[] classFile) {
        final String[] header = new String[2];
        final int[] flags = new int[1];
        final List<String> interfaces = new ArrayList<String>();
        final Map<String, Integer> methods = new LinkedHashMap<String, Integer>();
        final Map<String, String> fields = new LinkedHashMap<String, String>();
        final Map<String, Integer> fieldAccess = new LinkedHashMap<String, Integer>();
        Weaver.reader(classFile).accept(new ClassVisitor(Weaver.ASM_API) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] declared) {
                header[0] = name;
                header[1] = superName;
                flags[0] = access;
                if (declared != null) {
                    Collections.addAll(interfaces, declared);
                }
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.put(name, descriptor);
                fieldAccess.put(name, access);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                methods.put(name + descriptor, access);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassShape(header[0], flags[0], header[1], Collections.unmodifiableList(interfaces),
                Collections.unmodifiableMap(methods), Collections.unmodifiableMap(fields),
                Collections.unmodifiableMap(fieldAccess));
    }
}
