package dev.corsagent.hooks;

import net.bytebuddy.jar.asm.Type;

/**
 * Checks, at weave time, that each value an advice binds fits the parameter it binds to, so that a
 * mismatch fails the weave (the class stays as it was) instead of the JVM's verifier at class load.
 */
final class BindingCheck {
    private BindingCheck() {
    }

    /** Each parameter binds to a value of a type the verifier will accept in its slot. */
    static void check(HookedMethod hooked, AdviceCode.Method method) {
        if (method == null) {
            return;
        }
        if (method == hooked.exit && hooked.enter != null && hooked.enter.returnType.getSort() == Type.VOID) {
            for (AdviceCode.Param param : method.params) {
                if (param.binding == AdviceCode.Binding.ENTER) {
                    throw new IllegalStateException(hooked.advice.simpleName + ": @Enter with a void enter method");
                }
            }
        }
        for (AdviceCode.Param param : method.params) {
            Type bound;
            switch (param.binding) {
                case ARGUMENT:
                    if (param.index < 0 || param.index >= hooked.arguments.length) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": no argument " + param.index);
                    }
                    bound = hooked.arguments[param.index];
                    break;
                case THIS:
                    if (hooked.isStatic) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": @This in a static method");
                    }
                    bound = Type.getObjectType(hooked.owner);
                    break;
                case FIELD:
                    String field = hooked.isStatic ? null : hooked.types.instanceFieldDescriptor(hooked.owner, param.name);
                    if (field == null) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": " + hooked.owner
                                + " has no instance field " + param.name + " it may read");
                    }
                    bound = Type.getType(field);
                    break;
                case ENTER:
                    if (method != hooked.exit || hooked.enter == null) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": @Enter outside an exit advice");
                    }
                    bound = hooked.enter.returnType;
                    break;
                case RETURN:
                    if (method != hooked.exit) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": @Return outside an exit advice");
                    }
                    bound = hooked.returned;
                    if (hooked.returned.getSort() == Type.VOID) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": @Return on a void method");
                    }
                    break;
                default: // LOCAL: one slot, one type (the frames declare the first, the advice writes it back)
                    bound = hooked.localTypes.get(hooked.localNames.indexOf(param.name));
                    if (!bound.equals(param.type)) {
                        throw new IllegalStateException(hooked.advice.simpleName + ": @Local(\"" + param.name
                                + "\") declared as " + bound.getClassName() + " and as " + param.type.getClassName());
                    }
            }
            if (!assignable(hooked.types, bound, param.type)) {
                throw new IllegalStateException(hooked.advice.simpleName + "." + method.name + ": a " + bound.getClassName()
                        + " cannot bind to a parameter of type " + param.type.getClassName());
            }
            if (param.writable && param.binding != AdviceCode.Binding.LOCAL && !assignable(hooked.types, param.type, bound)) {
                throw new IllegalStateException(hooked.advice.simpleName + "." + method.name + ": a written " + param.type.getClassName()
                        + " is not a " + bound.getClassName());
            }
        }
    }

    private static boolean assignable(ClassFiles types, Type from, Type to) {
        boolean fromReference = from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY;
        boolean toReference = to.getSort() == Type.OBJECT || to.getSort() == Type.ARRAY;
        if (!fromReference || !toReference) {
            return from.equals(to) || Weaver.frameType(from).equals(Weaver.frameType(to)) && from.getSort() != Type.BOOLEAN
                    && to.getSort() != Type.BOOLEAN || from.getSort() == Type.BOOLEAN && to.getSort() == Type.BOOLEAN;
        }
        return types.isAssignable(from.getInternalName(), to.getInternalName());
    }
}
