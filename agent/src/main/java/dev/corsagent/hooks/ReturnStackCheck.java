package dev.corsagent.hooks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Refuses a hooked method in which a return leaves more than the return value on the operand
 * stack. The weaver turns each return into a jump to one exit whose frame has an empty stack
 * ({@link HookedMethod}); javac's and ecj's code always returns from an otherwise empty stack,
 * but another compiler's or an obfuscator's may not, and the woven class would then fail
 * verification when the container or the app loads it. Refused here, the class stays as it was.
 *
 * <p>The stack height is followed instruction by instruction from the method's start, from each
 * frame (read expanded), from each forward jump to its target and from each handler (one
 * throwable). Where it cannot be known (code reached only by a backward jump in a class file
 * without frames) nothing is checked: the check only ever refuses what it can show is wrong.
 */
final class ReturnStackCheck extends MethodVisitor {
    private static final int UNKNOWN = -1;

    private final String method;
    private final Map<Label, Integer> atLabel = new HashMap<Label, Integer>();
    private final Set<Label> handlers = new HashSet<Label>();
    private int height;

    ReturnStackCheck(String method, MethodVisitor next) {
        super(Weaver.ASM_API, next);
        this.method = method;
    }

    private void move(int delta) {
        if (height != UNKNOWN) {
            height += delta;
        }
    }

    private void jumpTo(Label label) {
        if (height != UNKNOWN && !atLabel.containsKey(label)) {
            atLabel.put(label, height);
        }
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        handlers.add(handler);
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitLabel(Label label) {
        if (handlers.contains(label)) {
            height = 1;
        } else if (height == UNKNOWN && atLabel.containsKey(label)) {
            height = atLabel.get(label);
        }
        super.visitLabel(label);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (type == Opcodes.F_NEW) {
            int slots = 0;
            for (int i = 0; i < numStack; i++) {
                slots += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            height = slots;
        }
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            int value = opcode == Opcodes.RETURN ? 0 : opcode == Opcodes.LRETURN || opcode == Opcodes.DRETURN ? 2 : 1;
            if (height != UNKNOWN && height != value) {
                throw new IllegalStateException(method + " returns with " + (height - value)
                        + " more stack slots than its return value (not javac's code)");
            }
            height = UNKNOWN;
        } else if (opcode == Opcodes.ATHROW) {
            height = UNKNOWN;
        } else {
            move(insnDelta(opcode));
        }
        super.visitInsn(opcode);
    }

    /** The stack change of an instruction without operands. */
    private static int insnDelta(int opcode) {
        switch (opcode) {
            case Opcodes.NOP: case Opcodes.INEG: case Opcodes.LNEG: case Opcodes.FNEG: case Opcodes.DNEG:
            case Opcodes.LALOAD: case Opcodes.DALOAD: case Opcodes.SWAP: case Opcodes.I2F: case Opcodes.L2D:
            case Opcodes.F2I: case Opcodes.D2L: case Opcodes.I2B: case Opcodes.I2C: case Opcodes.I2S:
            case Opcodes.ARRAYLENGTH:
                return 0;
            case Opcodes.ACONST_NULL: case Opcodes.ICONST_M1: case Opcodes.ICONST_0: case Opcodes.ICONST_1:
            case Opcodes.ICONST_2: case Opcodes.ICONST_3: case Opcodes.ICONST_4: case Opcodes.ICONST_5:
            case Opcodes.FCONST_0: case Opcodes.FCONST_1: case Opcodes.FCONST_2:
            case Opcodes.DUP: case Opcodes.DUP_X1: case Opcodes.DUP_X2:
            case Opcodes.I2L: case Opcodes.I2D: case Opcodes.F2L: case Opcodes.F2D:
                return 1;
            case Opcodes.LCONST_0: case Opcodes.LCONST_1: case Opcodes.DCONST_0: case Opcodes.DCONST_1:
            case Opcodes.DUP2: case Opcodes.DUP2_X1: case Opcodes.DUP2_X2:
                return 2;
            case Opcodes.LADD: case Opcodes.LSUB: case Opcodes.LMUL: case Opcodes.LDIV: case Opcodes.LREM:
            case Opcodes.DADD: case Opcodes.DSUB: case Opcodes.DMUL: case Opcodes.DDIV: case Opcodes.DREM:
            case Opcodes.LAND: case Opcodes.LOR: case Opcodes.LXOR: case Opcodes.POP2:
                return -2;
            case Opcodes.LCMP: case Opcodes.DCMPL: case Opcodes.DCMPG:
            case Opcodes.IASTORE: case Opcodes.FASTORE: case Opcodes.AASTORE: case Opcodes.BASTORE:
            case Opcodes.CASTORE: case Opcodes.SASTORE:
                return -3;
            case Opcodes.LASTORE: case Opcodes.DASTORE:
                return -4;
            default: // int and float arithmetic, shifts, IALOAD and the other one-slot loads, POP,
                // L2I, L2F, D2I, D2F, FCMPL, FCMPG, MONITORENTER, MONITOREXIT
                return -1;
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        move(opcode == Opcodes.NEWARRAY ? 0 : 1); // BIPUSH, SIPUSH push one
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        switch (opcode) {
            case Opcodes.LLOAD: case Opcodes.DLOAD:
                move(2);
                break;
            case Opcodes.ILOAD: case Opcodes.FLOAD: case Opcodes.ALOAD:
                move(1);
                break;
            case Opcodes.LSTORE: case Opcodes.DSTORE:
                move(-2);
                break;
            case Opcodes.RET:
                height = UNKNOWN;
                break;
            default: // ISTORE, FSTORE, ASTORE
                move(-1);
        }
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        move(opcode == Opcodes.NEW ? 1 : 0); // ANEWARRAY, CHECKCAST, INSTANCEOF replace the top
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        int size = Type.getType(descriptor).getSize();
        move(opcode == Opcodes.GETSTATIC ? size : opcode == Opcodes.PUTSTATIC ? -size
                : opcode == Opcodes.GETFIELD ? size - 1 : -size - 1);
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        // the argument size counts one slot for a receiver
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        int arguments = (sizes >> 2) - (opcode == Opcodes.INVOKESTATIC ? 1 : 0);
        move((sizes & 3) - arguments);
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        move((sizes & 3) - ((sizes >> 2) - 1));
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (opcode == Opcodes.GOTO) {
            jumpTo(label);
            height = UNKNOWN;
        } else if (opcode == Opcodes.JSR) {
            height = UNKNOWN;
        } else {
            move(opcode >= Opcodes.IF_ICMPEQ && opcode <= Opcodes.IF_ACMPNE ? -2 : -1);
            jumpTo(label);
        }
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        move(value instanceof Long || value instanceof Double ? 2 : 1);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        move(-1);
        jumpTo(dflt);
        for (Label label : labels) {
            jumpTo(label);
        }
        height = UNKNOWN;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        move(-1);
        jumpTo(dflt);
        for (Label label : labels) {
            jumpTo(label);
        }
        height = UNKNOWN;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        move(1 - numDimensions);
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
