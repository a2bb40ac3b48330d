package io.milvusdm.format.hdf5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorFieldSpec;
import io.milvusdm.pipeline.VectorFieldType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scalar fields (and vector fields besides {@code embeddings}) of milvusdm's HDF5 files: one dataset per field, named as the field, and the root
 * {@code schema} attribute that says what each dataset holds. {@code Hdf5Sink} writes them, {@link Hdf5Source}
 * reads them back (MilvusDM reads neither).
 *
 * <h2>Datasets</h2>
 * One row per entity, in the order of {@code embeddings}:
 * <ul>
 *   <li>BOOL: h5py's bool ({@code |b1}: an enum of int8 with FALSE = 0, TRUE = 1)</li>
 *   <li>INT8, INT16, INT32, INT64: {@code <i1}, {@code <i2}, {@code <i4}, {@code <i8}</li>
 *   <li>FLOAT, DOUBLE: {@code <f4}, {@code <f8}</li>
 *   <li>VARCHAR: fixed-length UTF-8 strings ({@code |S<n>}, as wide as the longest value; h5py's
 *       {@code .asstr()} decodes them)</li>
 *   <li>JSON, and the dynamic field (dataset {@code $meta}): the same, each row a JSON document</li>
 *   <li>GEOMETRY: the same, each row its Well-Known Text ({@code POINT (1 2)})</li>
 *   <li>TIMESTAMPTZ: {@code <i8}, microseconds since 1970-01-01T00:00:00Z ({@code unit} {@code us},
 *       {@code timezone} {@code UTC}: numpy's {@code datetime64[us]} reads them as they are)</li>
 *   <li>ARRAY: the same, each row a JSON array of the elements ({@code [1, 2]}, {@code ["a"]}, {@code []}); FLOAT
 *       and DOUBLE elements in the shortest decimal form that reads back to the same value, NaN and infinities
 *       as {@code NaN}, {@code Infinity}, {@code -Infinity} (as Python's {@code json} writes and reads them)</li>
 *   <li>a vector field besides {@code embeddings}: a dense one {@code (rows, width)}: {@code <f4} (FLOAT), {@code |u1}
 *       packed bits (BINARY, width dim / 8), {@code <f2} (FLOAT16), {@code <u2} bfloat16 bits (BFLOAT16),
 *       {@code |i1} (INT8); a sparse one in three datasets, scipy's CSR: {@code <field>.indptr} ({@code <i8},
 *       rows + 1), {@code <field>.indices} ({@code <u4}) and {@code <field>.data} ({@code <f4}). Their entries in
 *       the {@code schema} attribute come after the first vector entry, {@code embeddings}'s, and carry
 *       {@code dim}, {@code metric} and, for sparse fields, {@code format}, {@code indptr_dataset} and
 *       {@code indices_dataset}; their datasets carry {@code milvus_type}, {@code nullable}, {@code dim} or
 *       {@code format} and {@code csr_part}, {@code metric}</li>
 * </ul>
 *
 * <h2>Nulls</h2>
 * A nullable field has a second dataset, {@code <field>.valid} (a dot cannot occur in a Milvus field name, so it
 * never clashes), of h5py bools: true where the row has a value. A null row holds 0, false or an empty string in
 * the field's dataset. With numpy: {@code np.ma.masked_array(f["age"][:], mask=~f["age.valid"][:])}.
 *
 * <h2>Attributes</h2>
 * Each field's dataset carries {@code milvus_type} (BOOL ... DOUBLE, VARCHAR, JSON, ARRAY, DYNAMIC, GEOMETRY,
 * TIMESTAMPTZ),
 * {@code nullable} (0 or 1) and, where they apply, {@code valid} (the mask dataset's name), {@code max_length},
 * {@code element_type}, {@code max_capacity}, {@code default} (the default value, in the dataset's type; text for
 * VARCHAR, JSON and GEOMETRY, microseconds for TIMESTAMPTZ), {@code encoding} ({@code utf-8}, {@code json} or
 * {@code wkt}) and, for TIMESTAMPTZ, {@code unit} and {@code timezone}. The root {@code schema} attribute, a JSON
 * list of every field, holds the same per field ({@code name}, {@code type}, {@code max_length},
 * {@code element_type}, {@code max_capacity}, {@code nullable}, {@code default}, {@code dataset},
 * {@code valid_dataset}): it is what {@link Hdf5Source} restores the fields from.
 */
public final class Hdf5ScalarSchema {

    /** The root attribute holding the fields as JSON. */
    public static final String ATTR_SCHEMA = "schema";
    public static final String VALID_SUFFIX = ".valid";
    public static final String ATTR_MILVUS_TYPE = "milvus_type";
    public static final String ATTR_NULLABLE = "nullable";
    public static final String ATTR_VALID = "valid";
    public static final String ATTR_MAX_LENGTH = "max_length";
    public static final String ATTR_ELEMENT_TYPE = "element_type";
    public static final String ATTR_MAX_CAPACITY = "max_capacity";
    public static final String ATTR_DEFAULT = "default";
    public static final String ATTR_ENCODING = "encoding";
    public static final String ATTR_UNIT = "unit";
    public static final String ATTR_TIMEZONE = "timezone";
    /** On a mask dataset: the field whose rows it flags. */
    public static final String ATTR_VALID_FOR = "valid_for";
    /** On a vector field's datasets: the dimension (bits for binary vectors), and its index's metric on the source. */
    public static final String ATTR_DIM = "dim";
    public static final String ATTR_METRIC = "metric";
    /** On a sparse field's datasets: {@code csr}, and which part of it the dataset is (indptr, indices, data). */
    public static final String ATTR_FORMAT = "format";
    public static final String ATTR_CSR_PART = "csr_part";
    public static final String INDPTR_SUFFIX = ".indptr";
    public static final String INDICES_SUFFIX = ".indices";
    public static final String DATA_SUFFIX = ".data";

    /** The key and vector fields' names a file without them in its {@code schema} attribute stands for. */
    public static final String DEFAULT_KEY_NAME = "id";
    public static final String DEFAULT_VECTOR_NAME = "embedding";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Hdf5ScalarSchema() {
    }

    /**
     * A scalar or vector field as a file stores it.
     *
     * @param dataset the dataset of its values: a dense vector field's rows, a sparse one's entries' values
     * @param validDataset the dataset of its valid flags, or null when it has none
     * @param emptyMeansNull a nullable string field written without flags (by milvusdm before they existed): an
     *     empty string is a null
     * @param indptrDataset a sparse vector field's row offsets (rows + 1), else null
     * @param indicesDataset a sparse vector field's entries' indices, else null
     */
    public record StoredField(ScalarField field, String dataset, String validDataset, boolean emptyMeansNull,
                              String indptrDataset, String indicesDataset) {

        /** A field of one dataset (and its flags). */
        public StoredField(ScalarField field, String dataset, String validDataset, boolean emptyMeansNull) {
            this(field, dataset, validDataset, emptyMeansNull, null, null);
        }

        /** Whether this is a sparse vector field, in three datasets. */
        public boolean isSparse() {
            return indptrDataset != null;
        }
    }

    /** The mask dataset of a nullable field. */
    public static String validDataset(String field) {
        return field + VALID_SUFFIX;
    }

    /** A sparse vector field's row offsets: rows + 1 int64, scipy's {@code indptr}. */
    public static String sparseIndptr(String field) {
        return field + INDPTR_SUFFIX;
    }

    /** A sparse vector field's entries' indices (uint32). */
    public static String sparseIndices(String field) {
        return field + INDICES_SUFFIX;
    }

    /** A sparse vector field's entries' values (float32). */
    public static String sparseData(String field) {
        return field + DATA_SUFFIX;
    }

    /**
     * Bytes a value takes in a fixed-width dataset; 0 for the string forms (VARCHAR, JSON, ARRAY, DYNAMIC,
     * GEOMETRY).
     */
    public static int valueBytes(ScalarType type) {
        return switch (type) {
            case BOOL, INT8 -> 1;
            case INT16 -> 2;
            case INT32, FLOAT -> 4;
            case INT64, DOUBLE, TIMESTAMPTZ -> 8;
            case VARCHAR, JSON, ARRAY, DYNAMIC, GEOMETRY -> 0;
            case VECTOR, STRUCT_ARRAY -> throw new IllegalArgumentException(type + " fields have no scalar dataset");
        };
    }

    /**
     * The {@code schema} attribute: the key and vector fields, then the scalar fields.
     *
     * @param idsDataset the ids' dataset, or null when the file has none (auto-id)
     */
    public static String toJson(SourceSchema schema, String idsDataset, String vectorDataset) {
        return toJson(schema, idsDataset, vectorDataset, new FieldNames(DEFAULT_KEY_NAME, DEFAULT_VECTOR_NAME));
    }

    /** As {@link #toJson(SourceSchema, String, String)}, the key and vector fields named {@code names}. */
    public static String toJson(SourceSchema schema, String idsDataset, String vectorDataset, FieldNames names) {
        ArrayNode fields = JsonNodeFactory.instance.arrayNode();
        if (idsDataset != null) {
            fields.addObject().put("name", names.key()).put("type", "INT64").put("is_primary", true)
                    .put("dataset", idsDataset);
        }
        ObjectNode vector = fields.addObject().put("name", names.vector()).put("type", schema.vectorType().name())
                .put("dim", schema.dimension()).put("dataset", vectorDataset);
        schema.metric().ifPresent(metric -> vector.put("metric", metric));
        for (ScalarField field : schema.scalarFields()) {
            if (field.isTypedVector()) {
                vectorJson(fields.addObject(), field);
                continue;
            }
            ObjectNode node = fields.addObject().put("name", field.name()).put("type", field.type().name());
            if (field.maxLength() > 0) {
                node.put("max_length", field.maxLength());
            }
            if (field.type() == ScalarType.ARRAY) {
                node.put("element_type", field.elementType().name()).put("max_capacity", field.maxCapacity());
            }
            node.put("nullable", field.nullable());
            if (field.defaultValue() != null) {
                node.set("default", JSON.valueToTree(field.defaultValue()));
            }
            node.put("dataset", field.name());
            if (field.nullable()) {
                node.put("valid_dataset", validDataset(field.name()));
            }
        }
        return fields.toString();
    }

    /** A vector field's entry: its Milvus type, dimension (none for sparse), metric, nullability and datasets. */
    private static void vectorJson(ObjectNode node, ScalarField field) {
        VectorFieldSpec vector = field.vector();
        node.put("name", field.name()).put("type", vector.type().name());
        if (!vector.type().isSparse()) {
            node.put("dim", vector.dimension());
        }
        if (vector.metric() != null) {
            node.put("metric", vector.metric());
        }
        node.put("nullable", field.nullable());
        if (vector.type().isSparse()) {
            node.put("format", "csr").put("indptr_dataset", sparseIndptr(field.name()))
                    .put("indices_dataset", sparseIndices(field.name())).put("dataset", sparseData(field.name()));
        } else {
            node.put("dataset", field.name());
        }
        if (field.nullable()) {
            node.put("valid_dataset", validDataset(field.name()));
        }
    }

    /**
     * The names of the primary key ({@code ids}) and the vector field ({@code embeddings}), as the source had them.
     */
    public record FieldNames(String key, String vector) {
    }

    /**
     * The key's and the vector field's names the {@code schema} attribute records: the primary entry's and the
     * first vector entry's; {@link #DEFAULT_KEY_NAME} / {@link #DEFAULT_VECTOR_NAME} for what it does not name.
     */
    public static FieldNames fieldNames(String json, Path file) throws FormatException {
        String key = DEFAULT_KEY_NAME;
        String vector = null;
        for (JsonNode node : parse(json, file)) {
            String name = node.path("name").asText("");
            if (node.path("is_primary").asBoolean(false)) {
                key = name.isEmpty() ? key : name;
            } else if (vector == null && node.path("type").asText().endsWith("_VECTOR")) {
                vector = name.isEmpty() ? DEFAULT_VECTOR_NAME : name;
            }
        }
        return new FieldNames(key, vector == null ? DEFAULT_VECTOR_NAME : vector);
    }

    private static JsonNode parse(String json, Path file) throws FormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new FormatException("the '" + ATTR_SCHEMA + "' attribute is not JSON: " + e.getMessage(), file, -1);
        }
        if (root == null || !root.isArray()) {
            throw new FormatException("the '" + ATTR_SCHEMA + "' attribute is not a JSON list of fields", file, -1);
        }
        return root;
    }

    /**
     * The scalar fields and extra vector fields a {@code schema} attribute describes, in its order; the key and
     * the batches' vector entry (the first vector entry, as {@link #toJson} writes it) are left out.
     *
     * @throws FormatException when the attribute is not such a list, or describes a field Milvus could not have
     */
    public static List<StoredField> scalarFields(String json, Path file) throws FormatException {
        JsonNode root = parse(json, file);
        List<StoredField> fields = new ArrayList<>();
        Set<String> datasets = new HashSet<>();
        boolean mainVectorSeen = false;
        for (JsonNode node : root) {
            String type = node.path("type").asText();
            if (node.path("is_primary").asBoolean(false)) {
                continue;
            }
            if (type.endsWith("_VECTOR") && !mainVectorSeen) {
                mainVectorSeen = true;
                continue;
            }
            StoredField field = type.endsWith("_VECTOR") ? storedVector(node, file) : storedField(node, file);
            for (String dataset : new String[] {field.dataset(), field.indptrDataset(), field.indicesDataset()}) {
                if (dataset != null && !datasets.add(dataset)) {
                    throw new FormatException("the '" + ATTR_SCHEMA + "' attribute names dataset '" + dataset
                            + "' twice", file, -1);
                }
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }

    private static StoredField storedField(JsonNode node, Path file) throws FormatException {
        String name = node.path("name").asText();
        try {
            ScalarType type = ScalarType.valueOf(node.path("type").asText());
            ScalarType element = node.hasNonNull("element_type")
                    ? ScalarType.valueOf(node.get("element_type").asText()) : null;
            boolean nullable = node.path("nullable").asBoolean(false);
            ScalarField field = new ScalarField(name, type, node.path("max_length").asInt(0), nullable, element,
                    node.path("max_capacity").asInt(0), null);
            if (type == ScalarType.VECTOR || type == ScalarType.STRUCT_ARRAY) {
                throw new IllegalArgumentException(type + " has no scalar dataset");
            }
            JsonNode defaultValue = node.get("default");
            if (defaultValue != null && !defaultValue.isNull()) {
                field = field.withDefault(defaultValue(type, defaultValue));
            }
            String dataset = node.path("dataset").asText(name);
            String valid = node.hasNonNull("valid_dataset") ? node.get("valid_dataset").asText() : null;
            boolean legacy = nullable && valid == null
                    && (type == ScalarType.VARCHAR || type == ScalarType.JSON);
            if (nullable && valid == null && !legacy) {
                throw new IllegalArgumentException("nullable " + type + " field without 'valid_dataset'");
            }
            return new StoredField(field, dataset, valid, legacy);
        } catch (IllegalArgumentException e) {
            throw new FormatException("the '" + ATTR_SCHEMA + "' attribute describes field '" + name
                    + "' as " + node + ", which milvusdm cannot restore: " + e.getMessage(), file, -1);
        }
    }

    private static StoredField storedVector(JsonNode node, Path file) throws FormatException {
        String name = node.path("name").asText();
        try {
            VectorFieldType type = VectorFieldType.valueOf(node.path("type").asText());
            String metric = node.hasNonNull("metric") ? node.get("metric").asText() : null;
            VectorFieldSpec vector = new VectorFieldSpec(type, type.isSparse() ? 0 : node.path("dim").asInt(0), metric);
            boolean nullable = node.path("nullable").asBoolean(false);
            ScalarField field = ScalarField.vector(name, vector, nullable);
            String valid = node.hasNonNull("valid_dataset") ? node.get("valid_dataset").asText() : null;
            if (nullable && valid == null) {
                throw new IllegalArgumentException("nullable vector field without 'valid_dataset'");
            }
            if (!type.isSparse()) {
                return new StoredField(field, node.path("dataset").asText(name), valid, false);
            }
            return new StoredField(field, node.path("dataset").asText(sparseData(name)), valid, false,
                    node.path("indptr_dataset").asText(sparseIndptr(name)),
                    node.path("indices_dataset").asText(sparseIndices(name)));
        } catch (IllegalArgumentException e) {
            throw new FormatException("the '" + ATTR_SCHEMA + "' attribute describes field '" + name
                    + "' as " + node + ", which milvusdm cannot restore: " + e.getMessage(), file, -1);
        }
    }

    private static Object defaultValue(ScalarType type, JsonNode value) {
        boolean fits = switch (type) {
            case BOOL -> value.isBoolean();
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> value.isIntegralNumber() && value.canConvertToLong();
            case FLOAT, DOUBLE -> value.isNumber() || isNonFinite(value);
            default -> value.isTextual();
        };
        if (!fits) {
            throw new IllegalArgumentException("its default " + value + " is no " + type + " value");
        }
        return switch (type) {
            case BOOL -> value.asBoolean();
            case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> value.asLong();
            case FLOAT, DOUBLE -> value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
            default -> value.asText();
        };
    }

    /** NaN or an infinity, which JSON has no number for: Jackson writes them as text. */
    private static boolean isNonFinite(JsonNode value) {
        return value.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(value.asText());
    }
}
