package dev.modelcompose.engine.controller;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of error messages: the values of environment variables whose names say they are secret
 * ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*}, ...) and the API key are replaced by
 * {@code ***}. Used for the API's error messages and for managed servers' logs.
 */
public final class SecretRedactor {
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH).*");
    private final List<String> secrets;

    /** Redacts the secret-named variables of {@code environment} and {@code apiKey} (may be null). */
    public SecretRedactor(Map<String, String> environment, String apiKey) {
        List<String> values = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (value != null && value.length() >= 4 && SECRET_NAME.matcher(name).matches()) {
                values.add(value);
            }
        });
        if (apiKey != null && !apiKey.isEmpty()) {
            values.add(apiKey);
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(values);
    }

    /** {@code message} with every secret replaced by {@code ***}; null stays null. */
    public String redact(String message) {
        if (message == null || secrets.isEmpty()) {
            return message;
        }
        String out = message;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }
}
