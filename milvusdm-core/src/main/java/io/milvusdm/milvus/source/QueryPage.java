package io.milvusdm.milvus.source;

import io.milvus.grpc.FieldData;
import io.milvus.grpc.Status;

import java.util.List;
import java.util.Map;

/**
 * A page query's answer as {@link QueryPageDecoder} decodes it: the server's columns, except that each
 * FLOAT_VECTOR column's floats are in {@link #floats} (its {@code FieldData} keeps the dimension and an empty
 * float array).
 *
 * @param status the server's status
 * @param fields the columns, as the server sent them but for their floats
 * @param floats the floats of each FLOAT_VECTOR column, by field name
 */
record QueryPage(Status status, List<FieldData> fields, Map<String, Floats> floats) {

    /** Floats {@code values[0, length)}: the array may be longer (it is reused from page to page). */
    record Floats(float[] values, int length) {
        Floats {
            if (length < 0 || length > values.length) {
                throw new IllegalArgumentException("length " + length + " of an array of " + values.length);
            }
        }
    }

    QueryPage {
        fields = List.copyOf(fields);
        floats = Map.copyOf(floats);
    }
}
