package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorFilter.Condition;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

import java.util.List;

/**
 * Turns a {@link VectorFilter} into a Lucene query over the metadata fields {@link RecordDocuments} indexes: strings
 * as terms under {@code s.<key>}, booleans as terms under {@code b.<key>}, numbers as double points under
 * {@code n.<key>}.
 */
final class FilterQueries {
    private FilterQueries() {
    }

    /** The query matching every record the filter keeps; {@link MatchAllDocsQuery} for none. */
    static Query of(VectorFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        all.add(new MatchAllDocsQuery(), Occur.FILTER);
        for (Condition condition : filter.conditions()) {
            all.add(of(condition), Occur.FILTER);
        }
        return all.build();
    }

    private static Query of(Condition c) {
        String field = c.field();
        Object value = c.value();
        return switch (c.operator()) {
            case EQ -> equal(field, single(c));
            case NEQ -> not(equal(field, single(c)));
            case IN -> anyOf(field, list(c));
            case NOT_IN -> not(anyOf(field, list(c)));
            case GT, GTE, LT, LTE -> range(c, single(c));
        };
    }

    private static Object single(Condition c) {
        if (c.value() == null || c.value() instanceof List<?>) {
            throw new VectorStoreException("filter on '" + c.field() + "' with operator " + c.operator().id()
                    + " needs one string, number or boolean value, got " + (c.value() == null ? "null" : "a list"));
        }
        return c.value();
    }

    private static List<?> list(Condition c) {
        if (c.value() instanceof List<?> values) {
            return values;
        }
        return c.value() == null ? List.of() : List.of(c.value());
    }

    static Query equal(String field, Object value) {
        if (value instanceof Boolean b) {
            return new TermQuery(new Term("b." + field, b.toString()));
        }
        if (value instanceof Number n) {
            return DoublePoint.newExactQuery("n." + field, n.doubleValue());
        }
        if (value instanceof String s) {
            return new TermQuery(new Term("s." + field, s));
        }
        throw new VectorStoreException("filter on '" + field + "': a value must be a string, number or boolean, got "
                + value);
    }

    private static Query anyOf(String field, List<?> values) {
        if (values.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Object value : values) {
            any.add(equal(field, value), Occur.SHOULD);
        }
        return any.build();
    }

    private static Query not(Query query) {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(query, Occur.MUST_NOT)
                .build();
    }

    private static Query range(Condition c, Object value) {
        String field = c.field();
        boolean lower = switch (c.operator()) {
            case GT, GTE -> true;
            default -> false;
        };
        boolean inclusive = switch (c.operator()) {
            case GTE, LTE -> true;
            default -> false;
        };
        if (value instanceof Number n) {
            double bound = n.doubleValue();
            if (lower) {
                return DoublePoint.newRangeQuery("n." + field, inclusive ? bound : Math.nextUp(bound),
                        Double.POSITIVE_INFINITY);
            }
            return DoublePoint.newRangeQuery("n." + field, Double.NEGATIVE_INFINITY,
                    inclusive ? bound : Math.nextDown(bound));
        }
        if (value instanceof String s) {
            return lower ? TermRangeQuery.newStringRange("s." + field, s, null, inclusive, false)
                    : TermRangeQuery.newStringRange("s." + field, null, s, false, inclusive);
        }
        throw new VectorStoreException("filter on '" + field + "' with operator " + c.operator().id()
                + " needs a number or a string, got " + value);
    }
}
