package io.milvusdm.milvus;

import io.milvus.grpc.DataType;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.VectorFieldType;

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

    /** The protobuf data type of a vector field's type. */
    static DataType protoVector(VectorFieldType type) {
        return switch (type) {
            case FLOAT_VECTOR -> DataType.FloatVector;
            case BINARY_VECTOR -> DataType.BinaryVector;
            case FLOAT16_VECTOR -> DataType.Float16Vector;
            case BFLOAT16_VECTOR -> DataType.BFloat16Vector;
            case INT8_VECTOR -> DataType.Int8Vector;
            case SPARSE_FLOAT_VECTOR -> DataType.SparseFloatVector;
        };
    }

    /** The SDK's data type of a vector field's type. */
    static io.milvus.v2.common.DataType sdkVector(VectorFieldType type) {
        return io.milvus.v2.common.DataType.valueOf(protoVector(type).name());
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
