package io.milvusdm.milvus;

import io.milvus.grpc.DataType;
import io.milvusdm.pipeline.ScalarType;

/** Milvus's names for the scalar types, in the protobuf and in the SDK's API. */
final class ScalarTypes {

    private ScalarTypes() {
    }

    /** The protobuf data type of a field's values; the dynamic field's is JSON. */
    static DataType proto(ScalarType type) {
        return switch (type) {
            case BOOL -> DataType.Bool;
            case INT8 -> DataType.Int8;
            case INT16 -> DataType.Int16;
            case INT32 -> DataType.Int32;
            case INT64 -> DataType.Int64;
            case FLOAT -> DataType.Float;
            case DOUBLE -> DataType.Double;
            case VARCHAR -> DataType.VarChar;
            case JSON, DYNAMIC -> DataType.JSON;
            case ARRAY -> DataType.Array;
            case GEOMETRY -> DataType.Geometry;
            case TIMESTAMPTZ -> DataType.Timestamptz;
            case VECTOR, STRUCT_ARRAY -> throw new IllegalArgumentException(type + " fields travel in wire form only");
        };
    }

    /**
     * The SDK's data type of a field that can be declared on its own, or null for the dynamic field (a collection
     * flag), extra vector fields and struct arrays (copied from a template).
     */
    static io.milvus.v2.common.DataType sdk(ScalarType type) {
        return type == ScalarType.DYNAMIC || type == ScalarType.VECTOR || type == ScalarType.STRUCT_ARRAY ? null
                : io.milvus.v2.common.DataType.valueOf(proto(type).name());
    }
}
