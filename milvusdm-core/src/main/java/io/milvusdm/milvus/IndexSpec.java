package io.milvusdm.milvus;

import java.util.Map;
import java.util.Objects;

/**
 * A vector index to build after loading, e.g. {@code IVF_FLAT} with {@code {nlist: 1024}}.
 *
 * @param indexType the Milvus index type name
 * @param params the build parameters
 */
public record IndexSpec(String indexType, Map<String, Object> params) {

    public IndexSpec {
        Objects.requireNonNull(indexType, "indexType");
        params = Map.copyOf(params);
    }
}
