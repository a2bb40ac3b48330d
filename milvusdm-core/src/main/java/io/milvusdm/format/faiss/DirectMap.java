package io.milvusdm.format.faiss;

import java.io.IOException;

/**
 * An IVF index's id → (list, offset) map. Not needed to read vectors (the lists hold the ids), so it is only
 * parsed and skipped.
 *
 * <h2>Layout ({@code write_direct_map})</h2>
 * <ul>
 *   <li><b>[uint8]</b> type: 0 NoMap, 1 Array, 2 Hashtable (before v1.6.2 a bool, same bytes)</li>
 *   <li><b>[vector&lt;int64&gt;]</b> array: {@code array[id] = list_no << 32 | offset}</li>
 *   <li><b>[vector&lt;pair&lt;int64,int64&gt;&gt;]</b> hashtable: 16 bytes an element, only when type is 2</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L1505-L1519">
 * read_direct_map</a>.
 *
 * @param kind {@code NONE}, {@code ARRAY} or {@code HASHTABLE}
 * @param array the array's elements
 * @param hashtable the hashtable's pairs, empty unless the kind is {@code HASHTABLE}
 */
public record DirectMap(String kind, Section array, Section hashtable) {

    private static final String[] KINDS = {"NONE", "ARRAY", "HASHTABLE"};

    static DirectMap read(FaissParser p) throws IOException {
        long at = p.in().position();
        int type = p.in().readByte();
        if (type < 0 || type > 2) {
            throw p.corrupt("direct map type " + type + " is not 0 (none), 1 (array) or 2 (hashtable)", at);
        }
        Section array = p.vector(Long.BYTES, "direct map array");
        Section hashtable = type == 2 ? p.vector(2L * Long.BYTES, "direct map hashtable") : Section.EMPTY;
        return new DirectMap(KINDS[type], array, hashtable);
    }
}
