package dev.modelcompose.components.model;

import dev.modelcompose.engine.spi.CallContext;
import io.vertx.core.Future;

/** What one call of a model action does with its rendered fields; the result is {@code ${result}}. */
interface ModelAction {
    Future<Object> call(CallValues values, CallContext context);
}
