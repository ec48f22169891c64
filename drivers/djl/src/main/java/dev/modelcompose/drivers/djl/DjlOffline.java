package dev.modelcompose.drivers.djl;

/**
 * Keeps DJL offline and quiet: no telemetry probe, no downloads. Applied before DJL's engine classes load, unless the
 * user set the properties themselves.
 */
final class DjlOffline {
    private DjlOffline() {
    }

    static void apply() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("offline", "true");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
