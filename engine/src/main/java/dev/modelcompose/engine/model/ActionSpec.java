package dev.modelcompose.engine.model;

import dev.modelcompose.engine.load.ConfigMap;

/**
 * One action of a component. The engine reads only {@code id}, {@code default} and (through the component type)
 * {@code output}; the component type reads the rest of {@code config} (command, path, body, ...).
 *
 * @param id        the action id ({@code __action__} when a component has a single unnamed action)
 * @param isDefault {@code default: true}
 * @param config    the action's mapping as written (for a component whose action fields sit at component level, the
 *                  component's mapping)
 */
public record ActionSpec(String id, boolean isDefault, ConfigMap config) {
    public static final String DEFAULT_ID = "__action__";
}
