package dev.modelcompose.components.textsplitter;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: text-splitter}: splits text into chunks recursively, as LangChain's
 * {@code RecursiveCharacterTextSplitter} does. Action fields in {@link TextSplitterAction}.
 */
public final class TextSplitterComponentType implements ComponentType {
    public static final String NAME = "text-splitter";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        Path baseDir = setup.baseDir() == null ? Path.of("").toAbsolutePath() : setup.baseDir();
        Map<String, TextSplitterAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), TextSplitterAction.compile(action, baseDir));
        }
        return new TextSplitterComponent(spec, actions);
    }
}
