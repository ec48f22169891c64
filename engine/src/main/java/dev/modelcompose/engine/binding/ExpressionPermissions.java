package dev.modelcompose.engine.binding;

import org.apache.commons.jexl3.introspection.JexlPermissions;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What binding expressions may touch: JEXL's {@link JexlPermissions#RESTRICTED} set (no reflection, files,
 * network, processes, threads or class loaders), minus everything that reaches a {@link Class} ({@code getClass()},
 * {@code .class}), the monitor methods of {@link Object}, and every constructor. Maps and collections from outside
 * the JDK (the runtime's view of {@code jobs}, values from components) are readable too: RESTRICTED alone allows only
 * JDK packages, so {@code jobs.score.output} over such a map would be an "undefined property".
 */
final class ExpressionPermissions implements JexlPermissions {
    static final ExpressionPermissions INSTANCE = new ExpressionPermissions(JexlPermissions.RESTRICTED);

    private static final Set<String> FORBIDDEN_METHODS = Set.of("getClass", "wait", "notify", "notifyAll",
            "getDeclaringClass", "getClassLoader", "finalize", "clone");

    private final JexlPermissions base;

    private ExpressionPermissions(JexlPermissions base) {
        this.base = base;
    }

    @Override
    public boolean allow(Class<?> type) {
        if (type == ExpressionFunctions.class) {
            return true;
        }
        if (type == null || type == Class.class || ClassLoader.class.isAssignableFrom(type)) {
            return false;
        }
        return base.allow(type) || isCollectionOutsideTheJdk(type);
    }

    private static boolean isCollectionOutsideTheJdk(Class<?> type) {
        if (!Map.class.isAssignableFrom(type) && !Collection.class.isAssignableFrom(type)) {
            return false;
        }
        String name = type.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun."));
    }

    @Override
    public boolean allow(Constructor<?> constructor) {
        return false;
    }

    @Override
    public boolean allow(Field field) {
        return field != null && !field.getType().equals(Class.class) && base.allow(field);
    }

    @Override
    public boolean allow(Method method) {
        if (method == null || FORBIDDEN_METHODS.contains(method.getName())) {
            return false;
        }
        if (method.getDeclaringClass() == ExpressionFunctions.class) {
            return true;
        }
        Class<?> returned = method.getReturnType();
        if (returned == Class.class || ClassLoader.class.isAssignableFrom(returned)
                || returned.getName().startsWith("java.lang.reflect.")) {
            return false;
        }
        return base.allow(method);
    }

    @Override
    public boolean allow(Package pack) {
        return pack == ExpressionFunctions.class.getPackage() || base.allow(pack);
    }

    @Override
    public JexlPermissions compose(String... src) {
        return new ExpressionPermissions(base.compose(src));
    }
}
