package io.milvusdm.dump;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import java.util.List;
import java.util.Objects;

/**
 * The columns of every chunk of a dump: the primary key's and the vectors' names (the fields of the collection load
 * creates, since Milvus's import takes a column's or a {@code .npy} file's name as its field's), the rows' schema,
 * and the scalar fields as the source declared them.
 *
 * @param keyField the primary key's name; ignored when the schema has no keys (auto-id)
 * @param vectorField the vectors' name
 * @param schema what the manifest records; its fields are {@code fields}'
 * @param fields the scalar fields, in column order
 */
record DumpColumns(String keyField, String vectorField, DumpManifest.Schema schema, List<ScalarField> fields) {

    DumpColumns {
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(vectorField, "vectorField");
        Objects.requireNonNull(schema, "schema");
        fields = List.copyOf(fields);
    }

    boolean hasKeys() {
        return schema.keyKind() != KeyKind.NONE;
    }
}
