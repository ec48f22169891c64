package dev.modelcompose.drivers.remote;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;

/** Vectors as the REST stores write them: JSON arrays of numbers. */
public final class JsonVectors {
    private JsonVectors() {
    }

    public static JsonArray toJson(float[] vector) {
        JsonArray array = new JsonArray(new ArrayList<>(vector.length));
        for (float value : vector) {
            array.add(value);
        }
        return array;
    }

    /** The vector of a JSON array of numbers; null for null. */
    public static float[] fromJson(JsonArray array) {
        if (array == null) {
            return null;
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) array.getValue(i)).floatValue();
        }
        return out;
    }
}
