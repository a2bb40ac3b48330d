package io.milvusdm.milvus.source;

import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.GeometryWktArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvusdm.pipeline.Timestamptz;

import java.util.List;

/**
 * The one place where a query result's column is put into the form inserts take, for the types whose two forms
 * could differ. Everything else is copied as the server returned it.
 *
 * <h2>GEOMETRY</h2>
 * Inserts take Well-Known Text in {@code geometry_wkt_data}: Milvus's proxy turns it into WKB and refuses any other
 * slot (internal/proxy/validate_util.go, checkGeometryFieldData); Milvus Lite 3.2.2 takes it or
 * {@code string_data}. Both return that WKT slot: Milvus converts its stored WKB back before answering
 * (ValidateGeometryFieldSearchResult), Lite returns the text it stored. WKT found in {@code string_data} is moved
 * to {@code geometry_wkt_data}; WKB ({@code geometry_data}) never leaves a server's query API, and is refused
 * naming the field rather than guessed at.
 *
 * <h2>TIMESTAMPTZ</h2>
 * Inserts take ISO 8601 text in {@code string_data}: Milvus parses it with the collection's timezone for values
 * without an offset and refuses anything else ("timestamptz field data must be a string array"); Lite also takes
 * UTC microseconds. Milvus returns the instant in the collection's timezone with its offset
 * ({@code 2025-03-20T18:30:00.123+08:00}), Lite in UTC ({@code ...Z}): either names one instant. UTC microseconds
 * ({@code timestamptz_data} or {@code long_data}, as a server stores them) are written as ISO 8601 UTC text with
 * every non-zero microsecond, which parses back to the same microsecond.
 */
final class InsertForms {

    private InsertForms() {
    }

    /** {@code data} in the form inserts take: the same object when it is already. */
    static FieldData of(FieldData data) {
        if (!data.hasScalars()) {
            return data;
        }
        ScalarField scalars = data.getScalars();
        if (data.getType() == DataType.Geometry) {
            return switch (scalars.getDataCase()) {
                case STRING_DATA -> data.toBuilder().setScalars(ScalarField.newBuilder().setGeometryWktData(
                        GeometryWktArray.newBuilder().addAllData(scalars.getStringData().getDataList()))).build();
                case GEOMETRY_DATA -> throw new IllegalStateException("field '" + data.getFieldName() + "': the server "
                        + "returned GEOMETRY values as WKB (geometry_data); Milvus inserts take WKT only, and no "
                        + "Milvus server known to milvusdm answers queries in WKB");
                default -> data;
            };
        }
        if (data.getType() == DataType.Timestamptz) {
            List<Long> micros = switch (scalars.getDataCase()) {
                case TIMESTAMPTZ_DATA -> scalars.getTimestamptzData().getDataList();
                case LONG_DATA -> scalars.getLongData().getDataList();
                default -> null;
            };
            if (micros != null) {
                StringArray.Builder text = StringArray.newBuilder();
                micros.forEach(m -> text.addData(isoUtc(m)));
                return data.toBuilder().setScalars(ScalarField.newBuilder().setStringData(text)).build();
            }
        }
        return data;
    }

    /** Microseconds since the epoch, UTC, as ISO 8601 text: {@code 2024-05-06T01:38:09.123456Z}. */
    static String isoUtc(long micros) {
        return Timestamptz.isoUtc(micros);
    }
}
