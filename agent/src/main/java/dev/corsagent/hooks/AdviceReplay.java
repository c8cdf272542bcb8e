package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

/**
 * The advice method's code, replayed into the hooked method (straight to the writer, past
 * this method's own rewriting): each local moved up by {@code offset}, each return turned
 * into a jump to {@code after}, each frame prefixed with the hooked method's locals at that
 * point, the whole wrapped in the suppressing handler. Line numbers and local names are left out.
 */
final class AdviceReplay extends MethodVisitor {
    private final HookedMethod hooked;
    private final AdviceCode.Method method;
    private final int offset;
    private final List<Object> prefix;
    private final Label after;
    private final Label start;
    private final Label end;
    private final Label failed;
    private boolean begun;

    AdviceReplay(HookedMethod hooked, MethodVisitor target, AdviceCode.Method method, int offset, List<Object> prefix, Label after,
                 Label start, Label end, Label failed) {
        super(Weaver.ASM_API, target);
        this.hooked = hooked;
        this.method = method;
        this.offset = offset;
        this.prefix = prefix;
        this.after = after;
        this.start = start;
        this.end = end;
        this.failed = failed;
    }

    /** After the advice's own exception table: the suppressing handler comes after its handlers. */
    private void begin() {
        if (!begun) {
            begun = true;
            mv.visitTryCatchBlock(start, end, failed, "java/lang/Throwable");
            mv.visitLabel(start);
        }
    }

    @Override
    public void visitCode() {
        // the hooked method's code is already open
    }

    @Override
    public void visitTryCatchBlock(Label tryStart, Label tryEnd, Label handler, String type) {
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, type);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        begin();
        if (!hooked.frames) {
            return;
        }
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("a compressed frame where frames were expanded");
        }
        List<Object> locals = new ArrayList<Object>(prefix);
        locals.addAll(Arrays.asList(local).subList(0, numLocal));
        mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        begin();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            hooked.adviceReturned(method, offset, after);
        } else {
            mv.visitInsn(opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        begin();
        mv.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        begin();
        if (opcode == Opcodes.RET) {
            throw new IllegalStateException("advice with a subroutine");
        }
        mv.visitVarInsn(opcode, var + offset);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        begin();
        mv.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        begin();
        mv.visitFieldInsn(opcode, fieldOwner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
        begin();
        mv.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... bootstrapArguments) {
        throw new IllegalStateException("advice with invokedynamic (a lambda or a string concatenation)");
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        begin();
        if (opcode == Opcodes.JSR) {
            throw new IllegalStateException("advice with a subroutine");
        }
        mv.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        begin();
        mv.visitLabel(label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        begin();
        mv.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        begin();
        mv.visitIincInsn(var + offset, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        begin();
        mv.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        begin();
        mv.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        begin();
        mv.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitLineNumber(int line, Label label) {
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label from, Label to, int index) {
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] from, Label[] to,
                                                          int[] index, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        begin();
    }

    @Override
    public void visitEnd() {
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
        return null;
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
    }

    @Override
    public void visitParameter(String name, int access) {
    }

    @Override
    public void visitAttribute(Attribute attribute) {
    }
}
