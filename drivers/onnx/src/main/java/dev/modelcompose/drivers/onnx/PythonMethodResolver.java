package dev.modelcompose.drivers.onnx;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives Jinjava the Python string and dict methods that Hugging Face chat templates call ({@code startswith},
 * {@code endswith}, {@code strip(chars)}, {@code lstrip}, {@code rstrip}, {@code split}, {@code upper}, {@code lower},
 * {@code title}, {@code capitalize}, {@code replace}, {@code find}, {@code count}, {@code join}; {@code items},
 * {@code keys}, {@code values}, {@code get}). Every other call falls through to Jinjava's own resolver.
 */
final class PythonMethodResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        if (base instanceof String s) {
            result = stringMethod(s, method.toString(), args);
        } else if (base instanceof Map<?, ?> map) {
            result = mapMethod(map, method.toString(), args);
        } else {
            return null;
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object stringMethod(String s, String name, Object[] args) {
        switch (name) {
            case "startswith":
                return anyOf(args, p -> s.startsWith(p));
            case "endswith":
                return anyOf(args, p -> s.endsWith(p));
            case "strip":
                return args.length == 0 || args[0] == null ? s.strip() : rstrip(lstrip(s, str(args[0])), str(args[0]));
            case "lstrip":
                return args.length == 0 || args[0] == null ? s.stripLeading() : lstrip(s, str(args[0]));
            case "rstrip":
                return args.length == 0 || args[0] == null ? s.stripTrailing() : rstrip(s, str(args[0]));
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                return s.toLowerCase(Locale.ROOT);
            case "capitalize":
                return s.isEmpty()
                        ? s
                        : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title":
                return title(s);
            case "split":
                return split(s, args.length > 0 ? args[0] : null, args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "replace":
                if (args.length >= 2) {
                    return s.replace(str(args[0]), str(args[1]));
                }
                return NOT_HANDLED;
            case "find":
                return args.length >= 1 ? (long) s.indexOf(str(args[0])) : NOT_HANDLED;
            case "count":
                return args.length >= 1 ? (long) count(s, str(args[0])) : NOT_HANDLED;
            case "join":
                if (args.length == 1 && args[0] instanceof Collection<?> items) {
                    List<String> parts = new ArrayList<>();
                    items.forEach(i -> parts.add(str(i)));
                    return String.join(s, parts);
                }
                return NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    private static Object mapMethod(Map<?, ?> map, String name, Object[] args) {
        switch (name) {
            case "items": {
                List<List<Object>> items = new ArrayList<>();
                map.forEach((k, v) -> {
                    List<Object> pair = new ArrayList<>(2);
                    pair.add(k);
                    pair.add(v);
                    items.add(pair);
                });
                return items;
            }
            case "keys":
                return new ArrayList<>(map.keySet());
            case "values":
                return new ArrayList<>(map.values());
            case "get":
                if (args.length >= 1) {
                    Object value = map.get(args[0]);
                    return value != null || map.containsKey(args[0]) ? value : (args.length > 1 ? args[1] : null);
                }
                return NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    private interface StringTest {
        boolean test(String s);
    }

    private static boolean anyOf(Object[] args, StringTest test) {
        if (args.length == 0 || args[0] == null) {
            return false;
        }
        if (args[0] instanceof Collection<?> options) {
            for (Object option : options) {
                if (test.test(str(option))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(str(args[0]));
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static int count(String s, String part) {
        if (part.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** Python's str.split: on runs of whitespace without a separator, else on the literal separator. */
    private static List<String> split(String s, Object separator, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            String rest = s.strip();
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(rest);
                    return parts;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                parts.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return parts;
        }
        String sep = str(separator);
        int from = 0;
        for (int i = s.indexOf(sep); i >= 0 && (maxSplit < 0 || parts.size() < maxSplit); i = s.indexOf(sep, from)) {
            parts.add(s.substring(from, i));
            from = i + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: the next resolver handles assignments
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
