package dev.modelcompose.components.http;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ActionSpec;

import java.util.List;
import java.util.Locale;

/**
 * A compiled http-client action: the request ({@link RequestTemplate}), {@code timeout}, {@code stream_format},
 * {@code stream_fragmented}, {@code completion} and {@code output} (over {@code ${response}}, {@code ${result}}, and
 * per chunk {@code ${response[]}}, {@code ${result[]}}).
 *
 * @param streamFormat null when not written
 * @param completion   null when not written
 */
record HttpAction(RequestTemplate request, DurationSetting timeout, StreamFormat streamFormat, Template fragmented,
                  PollingCompletion completion, ActionOutput output) {

    static HttpAction compile(ActionSpec action, boolean hasBaseUrl, DurationSetting componentTimeout) {
        ConfigMap config = action.config();
        RequestTemplate request = RequestTemplate.compile(config, hasBaseUrl, CallScope.REQUEST, "POST");
        DurationSetting timeout = DurationSetting.read(config, "timeout", CallScope.REQUEST, componentTimeout);
        Template fragmented = ConfigFields.node(config, "stream_fragmented") == null ? Template.constant(true)
                : ConfigFields.flag(config, "stream_fragmented", CallScope.REQUEST);
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(Sources.RESPONSE,
                Sources.chunkOf(Sources.RESPONSE), Sources.RESULT, Sources.chunkOf(Sources.RESULT)));
        return new HttpAction(request, timeout, streamFormat(config), fragmented,
                PollingCompletion.read(config, hasBaseUrl),
                new ActionOutput(output, Sources.RESULT,
                        List.of(Sources.chunkOf(Sources.RESPONSE), Sources.chunkOf(Sources.RESULT))));
    }

    private static StreamFormat streamFormat(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "stream_format");
        if (node == null) {
            return null;
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            switch (((String) scalar.value()).toLowerCase(Locale.ROOT)) {
                case "json":
                    return StreamFormat.JSON;
                case "text":
                    return StreamFormat.TEXT;
                default:
                    break;
            }
        }
        throw ComposeException.at(node, "expected json or text, got " + ConfigFields.describeValue(node));
    }
}
