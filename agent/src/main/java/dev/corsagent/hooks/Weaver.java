package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Inlines advice ({@link AdviceCode}) into the hooked methods of one class file, with ASM alone:
 * the class gains no member, so the same result serves a first load and a retransformation.
 *
 * <p>The hooked method's own locals stay where they are; everything the advice adds lives above
 * them ({@code base}, the method's {@code max_locals}):
 * <pre>
 *   base        S: the enter's result, then each @Local          (live from the start to the exit)
 *   E = S + |S| the enter advice's own locals, at their slot + E  (during the enter only)
 *   E           RET, the value being returned; then T, a throwable (from the body's end)
 *   X           the exit advice's own locals, at their slot + X
 * </pre>
 * The enter runs at the start (its parameters copied into its slots first; a return in it jumps
 * to what follows it); with {@code skipOn} a true result skips the body. Each return of the body
 * stores its value in RET and jumps to the exit, which runs once at the end; with
 * {@code onThrowable} a handler over the whole body records the throwable in T, the exit runs,
 * and T is rethrown. Each advice is wrapped in a handler that reports to
 * {@code CorsBridge.adviceFailed} and goes on as if it had returned the default value.
 *
 * <p>Frames: both the class and the advice are read with expanded frames; a frame of the body
 * gets the shared slots appended, a frame of the advice gets the method's frame at that point
 * prepended. Nothing needs the class hierarchy. This assumes, as Byte Buddy does, that the body
 * keeps each parameter's slot holding a value of the parameter's type (javac's code does). Class
 * files before Java 6 carry no frames and get none.
 */
final class Weaver {
    static final String BRIDGE = "dev/corsagent/bridge/CorsBridge";
    /** The ASM API level of the ASM Byte Buddy ships (relocated into the agent jar: the only part of Byte Buddy it ships). */
    static final int ASM_API = Opcodes.ASM9;

    private Weaver() {
    }

    /**
     * The class file with each method of {@code advice} (keyed by name and descriptor) hooked.
     * Throws an {@link IllegalStateException} when an advice cannot bind to its method; nothing is
     * half done then, the caller keeps the class as it was.
     */
    static byte[] weave(byte[] classFile, final Map<String, AdviceCode> advice, final ClassFiles types) {
        final ClassReader reader = reader(classFile);
        final Map<String, int[]> maxs = maxs(reader, advice);
        // Java 6 class files may carry frames (Tomcat 7's do), older ones have none
        final boolean frames = reader.readUnsignedShort(6) >= Opcodes.V1_6;
        ClassWriter writer = new ClassWriter(reader, 0);
        final String owner = reader.getClassName();
        reader.accept(new ClassVisitor(ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                AdviceCode code = advice.get(name + descriptor);
                if (code == null) {
                    return next;
                }
                int[] max = maxs.get(name + descriptor);
                if (max == null) {
                    throw new IllegalStateException(name + descriptor + " has no code");
                }
                return new HookedMethod(next, owner, access, name, descriptor, code, max[0], max[1],
                        frames, types);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * A reader of the class file. A class file newer than this ASM knows is refused with an
     * {@link IllegalArgumentException}: its hooks are then not applied, as any failure to weave.
     */
    static ClassReader reader(byte[] classFile) {
        return new ClassReader(classFile);
    }

    /** max_stack and max_locals of each hooked method, from a first pass over the code, which also checks its returns. */
    private static Map<String, int[]> maxs(ClassReader reader, final Map<String, AdviceCode> advice) {
        final Map<String, int[]> maxs = new java.util.HashMap<String, int[]>();
        reader.accept(new ClassVisitor(ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                final String key = name + descriptor;
                if (!advice.containsKey(key)) {
                    return null;
                }
                MethodVisitor maxsOf = new MethodVisitor(ASM_API) {
                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        if (opcode == Opcodes.JSR) {
                            throw new IllegalStateException(key + " uses jsr/ret subroutines");
                        }
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        maxs.put(key, new int[] {maxStack, maxLocals});
                    }
                };
                // with an exit advice every return becomes a jump to the exit: the stack must hold only the value
                return advice.get(key).exit == null ? maxsOf : new ReturnStackCheck(key, maxsOf);
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
        return maxs;
    }

    /** A verification type of a value of {@code type}, as ASM writes frames. */
    static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }

    private static int slots(List<Object> locals) {
        int slots = 0;
        for (Object local : locals) {
            slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
        return slots;
    }

    /** {@code locals} (frame form) padded with TOP to exactly {@code size} slots. */
    static List<Object> padded(List<Object> locals, int size) {
        List<Object> out = new ArrayList<Object>(locals);
        int slots = slots(out);
        if (slots > size) {
            throw new IllegalStateException("a frame with " + slots + " local slots where the method has " + size);
        }
        for (; slots < size; slots++) {
            out.add(Opcodes.TOP);
        }
        return out;
    }

    static void pushDefault(MethodVisitor mv, Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                return;
            case Type.LONG:
                mv.visitInsn(Opcodes.LCONST_0);
                return;
            case Type.FLOAT:
                mv.visitInsn(Opcodes.FCONST_0);
                return;
            case Type.DOUBLE:
                mv.visitInsn(Opcodes.DCONST_0);
                return;
            case Type.OBJECT:
            case Type.ARRAY:
                mv.visitInsn(Opcodes.ACONST_NULL);
                return;
            default:
                mv.visitInsn(Opcodes.ICONST_0);
        }
    }
}
