package dev.modelcompose.drivers.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link VectorRecord} is laid out in a Lucene document: {@code _id} (term, stored), {@code _vec} (the HNSW
 * field, unit length for cosine), {@code _raw} (the vector as given, stored), {@code _doc} (stored text),
 * {@code _meta} (the metadata as JSON, stored) and one indexed field per metadata value for filters.
 */
final class RecordDocuments {
    static final String ID = "_id";
    static final String VECTOR = "_vec";
    private static final String RAW = "_raw";
    private static final String DOCUMENT = "_doc";
    private static final String METADATA = "_meta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordDocuments() {
    }

    /** The Lucene similarity for a metric; cosine indexes unit vectors under dot product. */
    static VectorSimilarityFunction similarity(VectorMetric metric) {
        return switch (metric) {
            case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
            case DOT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
        };
    }

    /** The vector as the index holds it: unit length for cosine (an all-zero vector stays zero), else as given. */
    static float[] indexed(float[] vector, VectorMetric metric) {
        if (metric != VectorMetric.COSINE) {
            return vector;
        }
        double norm = 0;
        for (float x : vector) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return vector.clone();
        }
        double scale = 1.0 / Math.sqrt(norm);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] * scale);
        }
        return out;
    }

    static Document toDocument(VectorRecord record, VectorMetric metric) {
        Document doc = new Document();
        doc.add(new StringField(ID, record.id(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, indexed(record.vector(), metric), similarity(metric)));
        doc.add(new StoredField(RAW, new BytesRef(bytes(record.vector()))));
        if (record.document() != null) {
            doc.add(new StoredField(DOCUMENT, record.document()));
        }
        Map<String, Object> metadata = record.metadata() == null ? Map.of() : record.metadata();
        if (!metadata.isEmpty()) {
            try {
                doc.add(new StoredField(METADATA, JSON.writeValueAsString(metadata)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("metadata of '" + record.id() + "' cannot be written as JSON", e);
            }
            metadata.forEach((key, value) -> indexValue(doc, key, value));
        }
        return doc;
    }

    private static void indexValue(Document doc, String key, Object value) {
        if (value instanceof Boolean b) {
            doc.add(new StringField("b." + key, b.toString(), Field.Store.NO));
        } else if (value instanceof Number n) {
            doc.add(new DoublePoint("n." + key, n.doubleValue()));
        } else if (value instanceof String s) {
            doc.add(new StringField("s." + key, s, Field.Store.NO));
        } else if (value instanceof List<?> values) {
            values.forEach(v -> indexValue(doc, key, v));
        }
        // nested maps and nulls are stored, not indexed
    }

    static VectorRecord toRecord(Document doc, boolean withVector) {
        BytesRef raw = doc.getBinaryValue(RAW);
        return new VectorRecord(doc.get(ID), withVector ? floats(raw) : null, doc.get(DOCUMENT), metadata(doc));
    }

    static float[] vector(Document doc) {
        return floats(doc.getBinaryValue(RAW));
    }

    static String document(Document doc) {
        return doc.get(DOCUMENT);
    }

    static Map<String, Object> metadata(Document doc) {
        String json = doc.get(METADATA);
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON: " + json, e);
        }
    }

    private static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    private static float[] floats(BytesRef ref) {
        float[] out = new float[ref.length / Float.BYTES];
        ByteBuffer.wrap(ref.bytes, ref.offset, ref.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
