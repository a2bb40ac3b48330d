package io.milvusdm.milvus.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Query results (FieldData as the server sends them, built here with the protobuf builders) decoded into typed
 * columns: every scalar type, nulls in both forms the server uses, arrays of each element type, empty arrays.
 */
class FieldDataDecoderTest {

    private static io.milvusdm.pipeline.ScalarField field(String name, ScalarType type, boolean nullable) {
        return io.milvusdm.pipeline.ScalarField.number(name, type, nullable);
    }

    private static FieldData column(String name, DataType type, ScalarField scalars, Boolean... valid) {
        return FieldData.newBuilder().setFieldName(name).setType(type).setScalars(scalars)
                .addAllValidData(List.of(valid)).build();
    }

    private static ScalarColumn decode(io.milvusdm.pipeline.ScalarField field, FieldData data, int rows, int from,
                                       int to) {
        return FieldDataDecoder.decode(field, new FieldColumn(data, rows), from, to);
    }

    @Test
    void booleans_integers_and_floats_keep_their_values_and_types() {
        FieldData bools = column("b", DataType.Bool, ScalarField.newBuilder()
                .setBoolData(BoolArray.newBuilder().addAllData(List.of(true, false, true))).build());
        FieldData int8 = column("i8", DataType.Int8, ScalarField.newBuilder()
                .setIntData(IntArray.newBuilder().addAllData(List.of(-128, 0, 127))).build());
        FieldData int16 = column("i16", DataType.Int16, ScalarField.newBuilder()
                .setIntData(IntArray.newBuilder().addAllData(List.of(-32768, 5, 32767))).build());
        FieldData int32 = column("i32", DataType.Int32, ScalarField.newBuilder()
                .setIntData(IntArray.newBuilder().addAllData(List.of(Integer.MIN_VALUE, 7, Integer.MAX_VALUE))).build());
        FieldData int64 = column("i64", DataType.Int64, ScalarField.newBuilder()
                .setLongData(LongArray.newBuilder().addAllData(List.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE))).build());
        FieldData floats = column("f", DataType.Float, ScalarField.newBuilder()
                .setFloatData(FloatArray.newBuilder().addAllData(List.of(0.1f, Float.NaN, -0f))).build());
        FieldData doubles = column("d", DataType.Double, ScalarField.newBuilder()
                .setDoubleData(DoubleArray.newBuilder().addAllData(List.of(0.1, 1e300, Double.NEGATIVE_INFINITY))).build());

        ScalarColumn.BoolColumn b = (ScalarColumn.BoolColumn) decode(field("b", ScalarType.BOOL, false), bools, 3, 0, 3);
        assertThat(b.values()).containsExactly(true, false, true);
        assertThat(b.valid()).isNull();
        assertIntegers(decode(field("i8", ScalarType.INT8, false), int8, 3, 1, 3), ScalarType.INT8, 0, 127);
        assertIntegers(decode(field("i16", ScalarType.INT16, false), int16, 3, 0, 3), ScalarType.INT16, -32768, 5, 32767);
        assertIntegers(decode(field("i32", ScalarType.INT32, false), int32, 3, 0, 2), ScalarType.INT32,
                Integer.MIN_VALUE, 7);
        assertIntegers(decode(field("i64", ScalarType.INT64, false), int64, 3, 0, 3), ScalarType.INT64,
                Long.MIN_VALUE, -1, Long.MAX_VALUE);
        ScalarColumn.FloatingColumn f = (ScalarColumn.FloatingColumn) decode(field("f", ScalarType.FLOAT, false),
                floats, 3, 0, 3);
        assertThat(f.type()).isEqualTo(ScalarType.FLOAT);
        assertThat(Arrays.stream(f.values()).mapToObj(v -> Float.floatToRawIntBits((float) v)).toList())
                .containsExactly(Float.floatToRawIntBits(0.1f), Float.floatToRawIntBits(Float.NaN),
                        Float.floatToRawIntBits(-0f));
        ScalarColumn.FloatingColumn d = (ScalarColumn.FloatingColumn) decode(field("d", ScalarType.DOUBLE, false),
                doubles, 3, 0, 3);
        assertThat(d.values()).containsExactly(0.1, 1e300, Double.NEGATIVE_INFINITY);
    }

    private static void assertIntegers(ScalarColumn column, ScalarType type, long... values) {
        ScalarColumn.IntegerColumn ints = (ScalarColumn.IntegerColumn) column;
        assertThat(ints.type()).isEqualTo(type);
        assertThat(ints.values()).containsExactly(values);
    }

    @ParameterizedTest(name = "compact form: {0}")
    @ValueSource(booleans = {true, false})
    void nulls_become_validity_flags_from_either_form(boolean compact) {
        List<Integer> values = compact ? List.of(10, 30) : List.of(10, 0, 30, 0);
        FieldData data = column("n", DataType.Int32, ScalarField.newBuilder()
                .setIntData(IntArray.newBuilder().addAllData(values)).build(), true, false, true, false);

        ScalarColumn.IntegerColumn ints = (ScalarColumn.IntegerColumn) decode(field("n", ScalarType.INT32, true),
                data, 4, 1, 4);

        assertThat(ints.valid()).containsExactly(false, true, false);
        assertThat(ints.values()).containsExactly(0, 30, 0);
        assertThat(ints.nullCount()).isEqualTo(2);
    }

    @Test
    void a_column_of_nulls_only_may_come_without_data() {
        FieldData data = column("b", DataType.Bool, ScalarField.getDefaultInstance(), false, false);

        ScalarColumn.BoolColumn bools = (ScalarColumn.BoolColumn) decode(field("b", ScalarType.BOOL, true), data, 2, 0, 2);

        assertThat(bools.valid()).containsExactly(false, false);
    }

    @Test
    void strings_json_and_the_dynamic_field_keep_their_text_and_nulls() {
        FieldData strings = column("s", DataType.VarChar, ScalarField.newBuilder()
                .setStringData(StringArray.newBuilder().addAllData(List.of("é \"q\"", ""))).build(), true, false, true);
        FieldData json = column("j", DataType.JSON, ScalarField.newBuilder()
                .setJsonData(JSONArray.newBuilder().addData(ByteString.copyFromUtf8("{\"a\":[1,2]}"))).build());
        FieldData meta = FieldData.newBuilder(column("$meta", DataType.JSON, ScalarField.newBuilder()
                .setJsonData(JSONArray.newBuilder().addData(ByteString.copyFromUtf8("{\"x\":1}"))).build()))
                .setIsDynamic(true).build();

        ScalarColumn.VarcharColumn s = (ScalarColumn.VarcharColumn) decode(
                io.milvusdm.pipeline.ScalarField.varchar("s", 16, true), strings, 3, 0, 3);
        ScalarColumn.JsonColumn j = (ScalarColumn.JsonColumn) decode(
                io.milvusdm.pipeline.ScalarField.json("j", false), json, 1, 0, 1);
        ScalarColumn.JsonColumn m = (ScalarColumn.JsonColumn) decode(io.milvusdm.pipeline.ScalarField.dynamic(),
                meta, 1, 0, 1);

        assertThat(s.values()).containsExactly("é \"q\"", null, "");
        assertThat(new String(j.values()[0], StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
        assertThat(j.type()).isEqualTo(ScalarType.JSON);
        assertThat(m.type()).isEqualTo(ScalarType.DYNAMIC);
        assertThat(m.name()).isEqualTo("$meta");
        assertThat(new String(m.values()[0], StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    }

    @Test
    void geometry_keeps_its_text_and_timestamptz_becomes_utc_microseconds_from_either_form() {
        FieldData geometry = column("where", DataType.Geometry, ScalarField.newBuilder()
                .setGeometryWktData(io.milvus.grpc.GeometryWktArray.newBuilder().addData("POINT (1 2)")).build(),
                false, true);
        FieldData text = column("seen", DataType.Timestamptz, ScalarField.newBuilder()
                .setStringData(StringArray.newBuilder().addData("2025-03-20T18:30:00.123456+08:00")
                        .addData("1969-12-31T23:59:59.999999Z")).build());
        FieldData micros = column("seen", DataType.Timestamptz, ScalarField.newBuilder()
                .setTimestamptzData(io.milvus.grpc.TimestamptzArray.newBuilder().addData(1_742_466_600_123_456L)
                        .addData(-1L)).build());
        io.milvusdm.pipeline.ScalarField seen = new io.milvusdm.pipeline.ScalarField("seen", ScalarType.TIMESTAMPTZ,
                0, false);

        ScalarColumn.VarcharColumn where = (ScalarColumn.VarcharColumn) decode(
                new io.milvusdm.pipeline.ScalarField("where", ScalarType.GEOMETRY, 0, true), geometry, 2, 0, 2);

        assertThat(where.type()).isEqualTo(ScalarType.GEOMETRY);
        assertThat(where.values()).containsExactly(null, "POINT (1 2)");
        assertIntegers(decode(seen, text, 2, 0, 2), ScalarType.TIMESTAMPTZ, 1_742_466_600_123_456L, -1L);
        assertIntegers(decode(seen, micros, 2, 0, 2), ScalarType.TIMESTAMPTZ, 1_742_466_600_123_456L, -1L);
    }

    @ParameterizedTest(name = "ARRAY<{0}>")
    @ValueSource(strings = {"BOOL", "INT8", "INT16", "INT32", "INT64", "FLOAT", "DOUBLE", "VARCHAR"})
    void arrays_of_each_element_type_are_flattened_with_offsets(String elementName) {
        ScalarType element = ScalarType.valueOf(elementName);
        // rows: [e0, e1], [] (empty), null, [e2]
        List<ScalarField> rows = List.of(elements(element, 0, 2), elements(element, 2, 2), elements(element, 2, 3));
        FieldData data = FieldData.newBuilder().setFieldName("a").setType(DataType.Array)
                .setScalars(ScalarField.newBuilder().setArrayData(ArrayArray.newBuilder()
                        .setElementType(DataType.valueOf(protoName(element))).addAllData(rows)))
                .addAllValidData(List.of(true, true, false, true)).build();
        io.milvusdm.pipeline.ScalarField field = io.milvusdm.pipeline.ScalarField.array("a", element, 4,
                element == ScalarType.VARCHAR ? 8 : 0, true);

        ScalarColumn.ArrayColumn arrays = (ScalarColumn.ArrayColumn) decode(field, data, 4, 0, 4);

        assertThat(arrays.elementType()).isEqualTo(element);
        assertThat(arrays.offsets()).containsExactly(0, 2, 2, 2, 3);
        assertThat(arrays.valid()).containsExactly(true, true, false, true);
        assertThat(elementValues(arrays.elements())).containsExactly(value(element, 0), value(element, 1),
                value(element, 2));
    }

    @Test
    void the_server_sending_another_kind_of_data_fails_naming_the_field() {
        FieldData longs = column("n", DataType.Int64, ScalarField.newBuilder()
                .setLongData(LongArray.newBuilder().addData(1)).build());
        FieldData wide = column("n", DataType.Int8, ScalarField.newBuilder()
                .setIntData(IntArray.newBuilder().addData(300)).build());

        assertThatThrownBy(() -> decode(field("n", ScalarType.INT32, false), longs, 1, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("field n INT32: the server returned long_data values, expected int_data");
        assertThatThrownBy(() -> decode(field("n", ScalarType.INT8, false), wide, 1, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("300 is outside the range of INT8");
    }

    /** Elements {@code from..to-1} of the element type's sequence, in one ScalarField. */
    private static ScalarField elements(ScalarType type, int from, int to) {
        ScalarField.Builder out = ScalarField.newBuilder();
        switch (type) {
            case BOOL -> {
                BoolArray.Builder data = BoolArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData((Boolean) value(type, i));
                }
                out.setBoolData(data);
            }
            case INT8, INT16, INT32 -> {
                IntArray.Builder data = IntArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData(((Long) value(type, i)).intValue());
                }
                out.setIntData(data);
            }
            case INT64 -> {
                LongArray.Builder data = LongArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData((Long) value(type, i));
                }
                out.setLongData(data);
            }
            case FLOAT -> {
                FloatArray.Builder data = FloatArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData(((Double) value(type, i)).floatValue());
                }
                out.setFloatData(data);
            }
            case DOUBLE -> {
                DoubleArray.Builder data = DoubleArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData((Double) value(type, i));
                }
                out.setDoubleData(data);
            }
            default -> {
                StringArray.Builder data = StringArray.newBuilder();
                for (int i = from; i < to; i++) {
                    data.addData((String) value(type, i));
                }
                out.setStringData(data);
            }
        }
        return out.build();
    }

    /** The i-th test element of a type: distinct values at the type's extremes. */
    private static Object value(ScalarType type, int i) {
        return switch (type) {
            case BOOL -> i % 2 == 0;
            case INT8, INT16, INT32, INT64 -> i == 0 ? type.minValue() : i == 1 ? type.maxValue() : (long) -i;
            case FLOAT -> (double) (0.1f * (i + 1));
            case DOUBLE -> 0.1 * (i + 1);
            default -> "é" + i;
        };
    }

    private static String protoName(ScalarType type) {
        return switch (type) {
            case BOOL -> "Bool";
            case INT8 -> "Int8";
            case INT16 -> "Int16";
            case INT32 -> "Int32";
            case INT64 -> "Int64";
            case FLOAT -> "Float";
            case DOUBLE -> "Double";
            default -> "VarChar";
        };
    }

    private static List<Object> elementValues(ScalarColumn elements) {
        List<Object> values = new ArrayList<>();
        if (elements instanceof ScalarColumn.BoolColumn b) {
            for (boolean v : b.values()) {
                values.add(v);
            }
        } else if (elements instanceof ScalarColumn.IntegerColumn n) {
            Arrays.stream(n.values()).forEach(values::add);
        } else if (elements instanceof ScalarColumn.FloatingColumn d) {
            Arrays.stream(d.values()).forEach(values::add);
        } else {
            values.addAll(Arrays.asList(((ScalarColumn.VarcharColumn) elements).values()));
        }
        return values;
    }
}
