package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The columns of a Parquet file in the layout Milvus bulk import reads, which is what Milvus's BulkWriter (pymilvus
 * {@code bulk_writer/buffer.py}, pandas/pyarrow underneath) writes. Column names are the target's field names.
 *
 * <table>
 *   <caption>Milvus field type to Parquet column</caption>
 *   <tr><th>field</th><th>Parquet (Arrow)</th></tr>
 *   <tr><td>INT64 primary key</td><td>{@code required int64} (int64)</td></tr>
 *   <tr><td>VARCHAR primary key</td><td>{@code required binary (STRING)} (string)</td></tr>
 *   <tr><td>FLOAT_VECTOR</td><td>{@code required group (LIST) {repeated group list {required float element}}}
 *       (list&lt;float&gt;), {@code dimension} elements a row</td></tr>
 *   <tr><td>BINARY_VECTOR</td><td>the same list of {@code int32 (INTEGER(8,false))} (list&lt;uint8&gt;),
 *       {@code dimension / 8} packed bytes a row</td></tr>
 *   <tr><td>FLOAT16_VECTOR, BFLOAT16_VECTOR</td><td>list&lt;uint8&gt; of the raw little-endian bytes, two a
 *       dimension (BulkWriter's {@code np.frombuffer(val, uint8)})</td></tr>
 *   <tr><td>BOOL</td><td>{@code boolean} (bool)</td></tr>
 *   <tr><td>INT8, INT16</td><td>{@code int32 (INTEGER(8,true))}, {@code int32 (INTEGER(16,true))} (int8,
 *       int16)</td></tr>
 *   <tr><td>INT32, INT64</td><td>{@code int32}, {@code int64} (int32, int64)</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>{@code float}, {@code double}</td></tr>
 *   <tr><td>VARCHAR</td><td>{@code binary (STRING)} (string)</td></tr>
 *   <tr><td>JSON, the dynamic field {@code $meta}</td><td>{@code binary (STRING)}: the document's text, as
 *       BulkWriter's {@code json.dumps}</td></tr>
 *   <tr><td>GEOMETRY</td><td>{@code binary (STRING)}: Well-Known Text</td></tr>
 *   <tr><td>TIMESTAMPTZ</td><td>{@code binary (STRING)}: ISO 8601 in UTC with its microseconds
 *       ({@code 2024-05-06T01:38:09.123456Z}), which Milvus's import parses ({@code ValidateAndReturnUnixMicroTz})
 *       and BulkWriter passes through as the user's string</td></tr>
 *   <tr><td>ARRAY</td><td>{@code group (LIST) {repeated group list {required <element> element}}}
 *       (list&lt;element type&gt;), the element as the scalar column of its type</td></tr>
 * </table>
 * A nullable field's column is {@code optional} and holds nulls; the others are {@code required}. BulkWriter
 * (pyarrow) declares every column and list element optional, whether or not it holds nulls; Milvus's import reads
 * both, and the Arrow types are the same.
 *
 * <p>A new scalar type is one more case in {@link #scalarColumn}, and one in {@link ScalarValues}.
 *
 * @param keyField the primary-key column's name; ignored when {@code keyKind} is NONE (auto-id: no column)
 * @param keyKind the primary key's type, or NONE
 * @param vectorField the vector column's name
 * @param vectorType the vector type
 * @param dimension the vector dimension, in Milvus's terms (bits for binary vectors)
 * @param scalarFields the scalar columns after key and vectors, in this order
 */
public record ParquetLayout(String keyField, KeyKind keyKind, String vectorField, VectorType vectorType,
                            int dimension, List<ScalarField> scalarFields) {

    /** The repeated group's and the element's names inside a LIST column (the Parquet spec's, pyarrow's). */
    static final String LIST = "list";
    static final String ELEMENT = "element";

    public ParquetLayout {
        Objects.requireNonNull(keyKind, "keyKind");
        Objects.requireNonNull(vectorField, "vectorField");
        Objects.requireNonNull(vectorType, "vectorType");
        scalarFields = List.copyOf(scalarFields);
        if (keyKind != KeyKind.NONE) {
            Objects.requireNonNull(keyField, "keyField");
        } else {
            keyField = null;
        }
        if (dimension <= 0 || vectorType == VectorType.BINARY_VECTOR && dimension % 8 != 0) {
            throw new IllegalArgumentException("invalid " + vectorType + " dimension " + dimension);
        }
        scalarFields.forEach(ParquetLayout::scalarColumn);
        Set<String> names = new HashSet<>();
        for (String name : columnNames(keyField, vectorField, scalarFields)) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("column '" + name + "' appears twice in the Parquet layout");
            }
        }
    }

    /** The layout of a source's rows under the given key and vector field names. */
    public static ParquetLayout of(SourceSchema schema, String keyField, String vectorField) {
        return new ParquetLayout(keyField, schema.keyKind(), vectorField, schema.vectorType(), schema.dimension(),
                schema.scalarFields());
    }

    /** Elements a row's vector list holds: floats, or bytes for byte-encoded vectors. */
    public int listLength() {
        return vectorType == VectorType.FLOAT_VECTOR ? dimension : (int) vectorType.bytesPerRow(dimension);
    }

    public boolean hasKeys() {
        return keyKind != KeyKind.NONE;
    }

    /** Column names in file order. */
    public List<String> columnNames() {
        return columnNames(keyField, vectorField, scalarFields);
    }

    /** The Parquet schema. */
    public MessageType messageType() {
        List<Type> columns = new ArrayList<>();
        switch (keyKind) {
            case INT64 -> columns.add(Types.required(PrimitiveTypeName.INT64).named(keyField));
            case VARCHAR -> columns.add(Types.required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType()).named(keyField));
            case NONE -> { }
        }
        columns.add(vectorColumn());
        for (ScalarField field : scalarFields) {
            columns.add(scalarColumn(field));
        }
        return new MessageType("schema", columns);
    }

    private GroupType vectorColumn() {
        PrimitiveType element = vectorType == VectorType.FLOAT_VECTOR
                ? Types.required(PrimitiveTypeName.FLOAT).named(ELEMENT)
                : Types.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, false)).named(ELEMENT);
        return Types.requiredGroup().as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(element).named(LIST))
                .named(vectorField);
    }

    static Type scalarColumn(ScalarField field) {
        Repetition repetition = field.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
        return switch (field.type()) {
            case ARRAY -> Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(primitive(field.name(), field.elementType(),
                            Repetition.REQUIRED, ELEMENT)).named(LIST))
                    .named(field.name());
            case VECTOR, STRUCT_ARRAY -> throw unsupported(field.name(), field.type());
            default -> primitive(field.name(), field.type(), repetition, field.name());
        };
    }

    /** The column of one value of a scalar type; for an ARRAY's elements, named {@code element}. */
    private static PrimitiveType primitive(String field, ScalarType type, Repetition repetition, String name) {
        return switch (type) {
            case BOOL -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case INT8, INT16 -> Types.primitive(PrimitiveTypeName.INT32, repetition)
                    .as(LogicalTypeAnnotation.intType(type == ScalarType.INT8 ? 8 : 16, true)).named(name);
            case INT32 -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case VARCHAR, JSON, DYNAMIC, GEOMETRY, TIMESTAMPTZ -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case ARRAY, VECTOR, STRUCT_ARRAY -> throw unsupported(field, type);
        };
    }

    /** The refusal for a field Parquet files do not carry: vectors besides the main one, structs. */
    static IllegalArgumentException unsupported(String name, ScalarType type) {
        return new IllegalArgumentException("field '" + name + "' is " + type + ", which milvusdm's Parquet files"
                + " do not carry (one vector column a file, scalar fields, the dynamic field)");
    }

    /** The Arrow type a column of this field holds, for messages: "string", "list<int8>". */
    static String arrowName(ScalarField field) {
        return field.type() == ScalarType.ARRAY ? "list<" + arrowName(field.elementType()) + ">"
                : arrowName(field.type());
    }

    private static String arrowName(ScalarType type) {
        return switch (type) {
            case BOOL -> "bool";
            case INT8, INT16, INT32, INT64 -> type.name().toLowerCase(java.util.Locale.ROOT);
            case FLOAT -> "float";
            case DOUBLE -> "double";
            default -> "string";
        };
    }

    private static List<String> columnNames(String keyField, String vectorField, List<ScalarField> scalarFields) {
        List<String> names = new ArrayList<>();
        if (keyField != null) {
            names.add(keyField);
        }
        names.add(vectorField);
        scalarFields.forEach(f -> names.add(f.name()));
        return names;
    }
}
