package io.milvusdm.similarity;

import io.milvusdm.milvus.source.FilterExpressions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code field in ["a", "b", ...]} filters over many ids, cut into batches so that no expression grows past
 * what a server parses comfortably (FiftyOne sends one expression over all ids: milvus-io/milvus#15513). Each id
 * is quoted by {@link FilterExpressions#quote}, so quotes, brackets and backslashes stay inside their literal.
 */
final class IdFilters {

    /** Ids per expression. */
    static final int MAX_IDS = 1000;
    /** Characters per expression. */
    static final int MAX_CHARS = 64 * 1024;

    private IdFilters() {
    }

    /** One expression per batch of ids; no expression for no ids. */
    static List<String> in(String field, Collection<String> ids) {
        String name = FilterExpressions.field(field);
        List<String> filters = new ArrayList<>();
        StringBuilder current = null;
        int count = 0;
        for (String id : ids) {
            String literal = FilterExpressions.quote(id);
            if (current != null && (count == MAX_IDS || current.length() + literal.length() + 2 > MAX_CHARS)) {
                filters.add(current.append(']').toString());
                current = null;
            }
            if (current == null) {
                current = new StringBuilder(name).append(" in [");
                count = 0;
            } else {
                current.append(", ");
            }
            current.append(literal);
            count++;
        }
        if (current != null) {
            filters.add(current.append(']').toString());
        }
        return filters;
    }

    /** The ids in batches of at most {@link #MAX_IDS}. */
    static <T> List<List<T>> batches(List<T> ids, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            out.add(ids.subList(i, Math.min(ids.size(), i + size)));
        }
        return out;
    }
}
