package dev.modelcompose.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code compose --version}: the project version, written into {@code version.properties} by the build. */
public final class ComposeVersionProvider implements IVersionProvider {
    private static final String RESOURCE = "/dev/modelcompose/cli/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"compose " + projectVersion()};
    }

    public static String projectVersion() {
        try (InputStream in = ComposeVersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
