package io.milvusdm.milvus.source;

import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.CreateCollectionReq;

/**
 * The bytes a row's value of a field is assumed to take when pages are cut, before any row is read: what the
 * schema fixes (a dense vector's width), a struct array at its capacity, a sparse vector at
 * {@link #SPARSE_VECTOR_BYTES}, and {@link MilvusCollectionSource#NOMINAL_SCALAR_BYTES} for the rest. The estimate
 * depends on the schema only, so the same collection is always cut into the same splits.
 */
final class FieldWidths {

    /**
     * A sparse vector's assumed width: 512 non-zeros of 8 bytes (a uint32 index, a float32 value), about twice what
     * learned sparse embeddings of a passage hold (SPLADE, BGE-M3: tens to a few hundred). The schema gives no bound
     * (a sparse field has no dimension), and a page must fit the 256 MiB a query answer may take: pages are cut for
     * 64 MiB on Milvus Lite and 16 MiB on Milvus, so rows may average 4 (Lite) or 16 times this before one does not
     * (and a page that does not is read in parts, {@link MilvusSplitReader}).
     */
    static final long SPARSE_VECTOR_BYTES = 512 * 8;

    private FieldWidths() {
    }

    /** A field's width: a dense vector's exact bytes, a sparse vector's assumed ones, else the nominal width. */
    static long of(CreateCollectionReq.FieldSchema field) {
        if (field.getDataType() == DataType.SparseFloatVector) {
            return SPARSE_VECTOR_BYTES;
        }
        long vector = vectorBytes(field.getDataType(), field.getDimension());
        return vector > 0 ? vector : MilvusCollectionSource.NOMINAL_SCALAR_BYTES;
    }

    /**
     * A struct array at its capacity: every struct present, each sub-field's vector at its width (the SDK describes
     * a vector sub-field by its element type) and every scalar sub-field at the nominal width. A page of such rows is
     * cut small enough for the largest rows the schema allows.
     */
    static long of(CreateCollectionReq.StructFieldSchema struct) {
        long element = 0;
        for (CreateCollectionReq.FieldSchema sub : struct.getFields()) {
            long vector = Math.max(vectorBytes(sub.getDataType(), sub.getDimension()),
                    vectorBytes(sub.getElementType(), sub.getDimension()));
            element += vector > 0 ? vector : MilvusCollectionSource.NOMINAL_SCALAR_BYTES;
        }
        int capacity = struct.getMaxCapacity() == null ? 1 : Math.max(1, struct.getMaxCapacity());
        return Math.max(MilvusCollectionSource.NOMINAL_SCALAR_BYTES, capacity * element);
    }

    /** The bytes of one dense vector of {@code type}, or 0 when it is not one or its dimension is unknown. */
    private static long vectorBytes(DataType type, Integer dimension) {
        if (type == null || dimension == null) {
            return 0;
        }
        return switch (type) {
            case FloatVector -> 4L * dimension;
            case BinaryVector -> dimension / 8;
            case Float16Vector, BFloat16Vector -> 2L * dimension;
            case Int8Vector -> dimension;
            default -> 0;
        };
    }
}
