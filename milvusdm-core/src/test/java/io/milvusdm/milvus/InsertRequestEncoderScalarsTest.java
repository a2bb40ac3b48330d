package io.milvusdm.milvus;

import com.google.protobuf.ByteString;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.MsgBase;
import io.milvus.grpc.MsgType;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scalar columns on the wire: the encoder's bytes against the generated builders, parsed back. */
class InsertRequestEncoderScalarsTest {

    private static final Split SPLIT = new TestSplit("lc:0+3", 3);
    private static final float[] VECTORS = {1, 2, 3, 4, 5, 6};
    private static final String[] KEYS = {"a", "b", "c"};

    @Test
    void field_numbers_are_those_of_the_generated_classes() {
        assertThat(FieldData.getDescriptor().findFieldByName("valid_data").getNumber()).isEqualTo(7);
        assertThat(FieldData.getDescriptor().findFieldByName("scalars").getNumber()).isEqualTo(3);
        assertThat(ScalarField.getDescriptor().findFieldByName("string_data").getNumber()).isEqualTo(6);
        assertThat(ScalarField.getDescriptor().findFieldByName("json_data").getNumber()).isEqualTo(9);
        assertThat(JSONArray.getDescriptor().findFieldByName("data").getNumber()).isEqualTo(1);
        assertThat(DataType.VarChar.getNumber()).isEqualTo(ScalarColumnEncoder.DATA_TYPE_VARCHAR);
        assertThat(DataType.JSON.getNumber()).isEqualTo(ScalarColumnEncoder.DATA_TYPE_JSON);
    }

    @Test
    void varchar_and_json_columns_match_the_generated_builder_byte_for_byte() throws Exception {
        String[] texts = {"", "héllo 中文 😀", "x".repeat(200)};
        byte[][] json = utf8("{}", "{\"a\":[1,2.5,null],\"b\":{\"c\":\"é\"}}", "[]");
        VectorBatch batch = batch(new ScalarColumn.VarcharColumn("text", texts), new ScalarColumn.JsonColumn("metadata", json));
        InsertRequestEncoder encoder = encoder(io.milvusdm.pipeline.ScalarField.varchar("text", 512, false),
                io.milvusdm.pipeline.ScalarField.json("metadata", false));

        byte[] encoded = encoder.encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = request()
                .addFieldsData(varchar("text", texts))
                .addFieldsData(json("metadata", json))
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        InsertRequest parsed = InsertRequest.parseFrom(encoded);
        assertThat(parsed.getFieldsData(2).getScalars().getStringData().getDataList()).containsExactly(texts);
        assertThat(parsed.getFieldsData(3).getScalars().getJsonData().getData(1).toStringUtf8())
                .isEqualTo("{\"a\":[1,2.5,null],\"b\":{\"c\":\"é\"}}");
        assertThat(parsed.getFieldsData(3).getValidDataList()).isEmpty();
    }

    @Test
    void nullable_columns_carry_only_their_values_and_a_valid_flag_per_row() throws Exception {
        String[] texts = {null, "b", null};
        byte[][] json = {utf8("{\"k\":1}")[0], null, utf8("{}")[0]};
        VectorBatch batch = batch(new ScalarColumn.VarcharColumn("text", texts), new ScalarColumn.JsonColumn("metadata", json));
        InsertRequestEncoder encoder = encoder(io.milvusdm.pipeline.ScalarField.varchar("text", 10, true),
                io.milvusdm.pipeline.ScalarField.json("metadata", true));

        byte[] encoded = encoder.encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = request()
                .addFieldsData(varchar("text", "b").toBuilder().addAllValidData(List.of(false, true, false)))
                .addFieldsData(json("metadata", json[0], json[2]).toBuilder().addAllValidData(List.of(true, false, true)))
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        assertThat(InsertRequest.parseFrom(encoded)).isEqualTo(expected);
    }

    @Test
    void a_nullable_column_without_values_still_sends_its_empty_array() throws Exception {
        VectorBatch batch = batch(new ScalarColumn.VarcharColumn("text", new String[3]));
        byte[] encoded = encoder(io.milvusdm.pipeline.ScalarField.varchar("text", 10, true))
                .encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = request()
                .addFieldsData(varchar("text").toBuilder().addAllValidData(List.of(false, false, false)))
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
    }

    @Test
    void columns_that_do_not_fit_their_fields_are_refused_naming_field_and_row() {
        InsertRequestEncoder strict = encoder(io.milvusdm.pipeline.ScalarField.varchar("text", 3, false));

        assertThatThrownBy(() -> strict.encode(batch(new ScalarColumn.VarcharColumn("text",
                new String[] {"a", null, "c"})), WriteKind.INSERT, true))
                .hasMessage("field 'text' is not nullable, but row 1 of split lc:0+3 (rows from 0) has no value");
        assertThatThrownBy(() -> strict.encode(batch(new ScalarColumn.VarcharColumn("text",
                new String[] {"a", "b", "éé"})), WriteKind.INSERT, true))
                .hasMessage("value of field 'text' at row 2 of split lc:0+3 (rows from 0) is 4 bytes of UTF-8,"
                        + " over its max length 3");
        assertThatThrownBy(() -> strict.encode(batch(new ScalarColumn.JsonColumn("text", utf8("1", "2", "3"))),
                WriteKind.INSERT, true))
                .hasMessage("column 'text' (JSON) of split lc:0+3 (rows from 0) is not field text VARCHAR(3)");
        assertThatThrownBy(() -> strict.encode(batch(), WriteKind.INSERT, true))
                .hasMessage("batch of split lc:0+3 (rows from 0) has 0 scalar columns, the target takes 1:"
                        + " [text VARCHAR(3)]");
    }

    @Test
    void batch_byte_size_counts_the_utf8_of_scalar_columns() {
        VectorBatch batch = batch(new ScalarColumn.VarcharColumn("text", new String[] {"é", null, "abc"}),
                new ScalarColumn.JsonColumn("metadata", utf8("{}", "[1]", "2")));

        long keys = new PrimaryKeys.VarcharKeys(KEYS).byteSize();
        assertThat(batch.byteSize()).isEqualTo(4L * VECTORS.length + keys + (12 + 2 + 3) + (12 + 2 + 3 + 1));
    }

    @Test
    void wire_columns_are_copied_into_the_request_as_they_are() throws Exception {
        FieldData ints = FieldData.newBuilder().setType(DataType.Int32).setFieldName("year")
                .setScalars(ScalarField.newBuilder().setIntData(io.milvus.grpc.IntArray.newBuilder().addData(1999).addData(-5)))
                .addValidData(true).addValidData(false).addValidData(true).build();
        FieldData half = FieldData.newBuilder().setType(DataType.Float16Vector).setFieldName("half")
                .setVectors(VectorField.newBuilder().setDim(2).setFloat16Vector(ByteString.copyFrom(new byte[12]))).build();
        FieldData meta = FieldData.newBuilder().setType(DataType.JSON).setFieldName("$meta").setIsDynamic(true)
                .setScalars(ScalarField.newBuilder().setJsonData(JSONArray.newBuilder()
                        .addData(ByteString.copyFromUtf8("{}")).addData(ByteString.copyFromUtf8("{\"a\":1}"))
                        .addData(ByteString.copyFromUtf8("{}")))).build();
        VectorBatch batch = batch(
                new ScalarColumn.WireColumn("year", ScalarType.INT32, 3, ints.toByteArray()),
                new ScalarColumn.WireColumn("half", ScalarType.VECTOR, 3, half.toByteArray()),
                new ScalarColumn.WireColumn("$meta", ScalarType.DYNAMIC, 3, meta.toByteArray()));
        InsertRequestEncoder encoder = encoder(io.milvusdm.pipeline.ScalarField.wire("year", ScalarType.INT32, true),
                io.milvusdm.pipeline.ScalarField.wire("half", ScalarType.VECTOR, false),
                io.milvusdm.pipeline.ScalarField.wire("$meta", ScalarType.DYNAMIC, false));

        byte[] encoded = encoder.encode(batch, WriteKind.UPSERT, true);

        InsertRequest expected = request().setBase(MsgBase.newBuilder().setMsgType(MsgType.Upsert))
                .addFieldsData(ints).addFieldsData(half).addFieldsData(meta).build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        assertThatThrownBy(() -> encoder(io.milvusdm.pipeline.ScalarField.wire("year", ScalarType.INT64, true))
                .encode(batch(new ScalarColumn.WireColumn("year", ScalarType.INT32, 3, ints.toByteArray())),
                        WriteKind.INSERT, true))
                .hasMessageContaining("column 'year' (INT32)").hasMessageContaining("is not field year INT64");
    }

    @Test
    void typed_columns_are_encoded_as_the_server_sends_them_compact_where_nullable() throws Exception {
        ScalarColumn flags = new ScalarColumn.BoolColumn("flag", new boolean[] {true, false, false},
                new boolean[] {true, false, true});
        ScalarColumn small = new ScalarColumn.IntegerColumn("small", ScalarType.INT8, new long[] {-128, 0, 127}, null);
        ScalarColumn score = new ScalarColumn.FloatingColumn("score", ScalarType.FLOAT, new double[] {0.5, -1, 1e-3f},
                null);
        ScalarColumn tags = new ScalarColumn.ArrayColumn("tags", new ScalarColumn.VarcharColumn("tags",
                new String[] {"a", "é"}), new int[] {0, 2, 2, 2}, new boolean[] {true, true, false});
        ScalarColumn meta = new ScalarColumn.JsonColumn("$meta", ScalarType.DYNAMIC, utf8("{}", "{\"k\":1}", "{}"));
        InsertRequestEncoder encoder = encoder(io.milvusdm.pipeline.ScalarField.number("flag", ScalarType.BOOL, true),
                io.milvusdm.pipeline.ScalarField.number("small", ScalarType.INT8, false),
                io.milvusdm.pipeline.ScalarField.number("score", ScalarType.FLOAT, false),
                io.milvusdm.pipeline.ScalarField.array("tags", ScalarType.VARCHAR, 2, 4, true),
                io.milvusdm.pipeline.ScalarField.dynamic());

        byte[] encoded = encoder.encode(batch(flags, small, score, tags, meta), WriteKind.INSERT, true);

        InsertRequest expected = request()
                .addFieldsData(FieldData.newBuilder().setType(DataType.Bool).setFieldName("flag")
                        .setScalars(ScalarField.newBuilder().setBoolData(io.milvus.grpc.BoolArray.newBuilder()
                                .addData(true).addData(false)))
                        .addAllValidData(List.of(true, false, true)))
                .addFieldsData(FieldData.newBuilder().setType(DataType.Int8).setFieldName("small")
                        .setScalars(ScalarField.newBuilder().setIntData(io.milvus.grpc.IntArray.newBuilder()
                                .addData(-128).addData(0).addData(127))))
                .addFieldsData(FieldData.newBuilder().setType(DataType.Float).setFieldName("score")
                        .setScalars(ScalarField.newBuilder().setFloatData(FloatArray.newBuilder()
                                .addData(0.5f).addData(-1f).addData(1e-3f))))
                .addFieldsData(FieldData.newBuilder().setType(DataType.Array).setFieldName("tags")
                        .setScalars(ScalarField.newBuilder().setArrayData(io.milvus.grpc.ArrayArray.newBuilder()
                                .setElementType(DataType.VarChar)
                                .addData(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                                        .addData("a").addData("é")))
                                .addData(ScalarField.newBuilder().setStringData(StringArray.newBuilder()))))
                        .addAllValidData(List.of(true, true, false)))
                .addFieldsData(FieldData.newBuilder(json("$meta", utf8("{}", "{\"k\":1}", "{}"))).setIsDynamic(true))
                .build();
        assertThat(InsertRequest.parseFrom(encoded)).isEqualTo(expected);
    }

    @Test
    void typed_geometry_and_timestamptz_columns_go_in_as_wkt_and_iso_utc_text() throws Exception {
        ScalarColumn where = new ScalarColumn.VarcharColumn("where", ScalarType.GEOMETRY,
                new String[] {"POINT (1 2)", null, "POLYGON ((0 0, 1 0, 1 1, 0 0))"});
        ScalarColumn seen = new ScalarColumn.IntegerColumn("seen", ScalarType.TIMESTAMPTZ,
                new long[] {1_742_466_600_123_456L, 0, -1}, null);
        InsertRequestEncoder encoder = encoder(new io.milvusdm.pipeline.ScalarField("where", ScalarType.GEOMETRY, 0, true),
                new io.milvusdm.pipeline.ScalarField("seen", ScalarType.TIMESTAMPTZ, 0, false));

        InsertRequest parsed = InsertRequest.parseFrom(encoder.encode(batch(where, seen), WriteKind.INSERT, true));

        FieldData geometry = parsed.getFieldsData(2);
        assertThat(geometry.getType()).isEqualTo(DataType.Geometry);
        assertThat(geometry.getScalars().getGeometryWktData().getDataList())
                .containsExactly("POINT (1 2)", "POLYGON ((0 0, 1 0, 1 1, 0 0))");
        assertThat(geometry.getValidDataList()).containsExactly(true, false, true);
        FieldData timestamps = parsed.getFieldsData(3);
        assertThat(timestamps.getType()).isEqualTo(DataType.Timestamptz);
        assertThat(timestamps.getScalars().getStringData().getDataList())
                .containsExactly("2025-03-20T10:30:00.123456Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z");
    }

    @Test
    void typed_columns_that_do_not_fit_their_field_fail_naming_field_and_row() {
        ScalarColumn tags = new ScalarColumn.ArrayColumn("tags", new ScalarColumn.IntegerColumn("tags",
                ScalarType.INT32, new long[] {1, 2, 3}, null), new int[] {0, 0, 3, 3}, null);
        ScalarColumn flags = new ScalarColumn.BoolColumn("flag", new boolean[3], new boolean[] {true, true, false});

        assertThatThrownBy(() -> encoder(io.milvusdm.pipeline.ScalarField.array("tags", ScalarType.INT32, 2, 0, false))
                .encode(batch(tags), WriteKind.INSERT, true))
                .hasMessage("value of field 'tags' at row 1 of split lc:0+3 (rows from 0) has 3 elements, over its max"
                        + " capacity 2");
        assertThatThrownBy(() -> encoder(io.milvusdm.pipeline.ScalarField.array("tags", ScalarType.INT64, 4, 0, false))
                .encode(batch(tags), WriteKind.INSERT, true))
                .hasMessageContaining("holds INT32 elements; field tags ARRAY<INT64>[4] takes INT64");
        assertThatThrownBy(() -> encoder(io.milvusdm.pipeline.ScalarField.number("flag", ScalarType.BOOL, false))
                .encode(batch(flags), WriteKind.INSERT, true))
                .hasMessage("field 'flag' is not nullable, but row 2 of split lc:0+3 (rows from 0) has no value");
    }

    @Test
    void milvus_2_6_columns_go_into_the_request_as_the_source_cut_them() throws Exception {
        FieldData geometry = FieldData.newBuilder().setType(DataType.Geometry).setFieldName("where")
                .setScalars(ScalarField.newBuilder().setGeometryWktData(io.milvus.grpc.GeometryWktArray.newBuilder()
                        .addData("POINT (1 2)").addData("POLYGON ((0 0, 1 0, 1 1, 0 0))")))
                .addAllValidData(List.of(true, false, true)).build();
        FieldData seen = FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("seen")
                .setScalars(ScalarField.newBuilder().setStringData(io.milvus.grpc.StringArray.newBuilder()
                        .addData("2025-03-20T18:30:00.123+08:00").addData("1970-01-01T00:00:00Z")
                        .addData("2024-05-06T01:38:09.123456Z"))).build();
        FieldData code = FieldData.newBuilder().setType(DataType.Int8Vector).setFieldName("code")
                .setVectors(VectorField.newBuilder().setDim(2)
                        .setInt8Vector(ByteString.copyFrom(new byte[] {1, -1, 2, -2, 3, -3}))).build();
        VectorField one = VectorField.newBuilder().setDim(1).setFloatVector(FloatArray.newBuilder().addData(1f)).build();
        VectorField two = VectorField.newBuilder().setDim(1)
                .setFloatVector(FloatArray.newBuilder().addData(2f).addData(3f)).build();
        FieldData chunks = FieldData.newBuilder().setType(DataType.ArrayOfStruct).setFieldName("chunks")
                .setStructArrays(io.milvus.grpc.StructArrayField.newBuilder()
                        .addFields(FieldData.newBuilder().setType(DataType.ArrayOfVector).setFieldName("clip")
                                .setVectors(VectorField.newBuilder().setDim(1).setVectorArray(io.milvus.grpc.VectorArray
                                        .newBuilder().setDim(1).setElementType(DataType.FloatVector)
                                        .addData(one).addData(VectorField.getDefaultInstance()).addData(two))))).build();
        VectorBatch batch = batch(
                new ScalarColumn.WireColumn("where", ScalarType.GEOMETRY, 3, geometry.toByteArray()),
                new ScalarColumn.WireColumn("seen", ScalarType.TIMESTAMPTZ, 3, seen.toByteArray()),
                new ScalarColumn.WireColumn("code", ScalarType.VECTOR, 3, code.toByteArray()),
                new ScalarColumn.WireColumn("chunks", ScalarType.STRUCT_ARRAY, 3, chunks.toByteArray()));
        InsertRequestEncoder encoder = encoder(io.milvusdm.pipeline.ScalarField.wire("where", ScalarType.GEOMETRY, true),
                io.milvusdm.pipeline.ScalarField.wire("seen", ScalarType.TIMESTAMPTZ, false),
                io.milvusdm.pipeline.ScalarField.wire("code", ScalarType.VECTOR, false),
                io.milvusdm.pipeline.ScalarField.wire("chunks", ScalarType.STRUCT_ARRAY, false));

        byte[] encoded = encoder.encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = request().addFieldsData(geometry).addFieldsData(seen).addFieldsData(code)
                .addFieldsData(chunks).build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        assertThat(InsertRequest.parseFrom(encoded).getFieldsData(5)).isEqualTo(chunks);
    }

    private static InsertRequestEncoder encoder(io.milvusdm.pipeline.ScalarField... fields) {
        return new InsertRequestEncoder(null, "c", null, "id", "embedding", List.of(fields));
    }

    private static VectorBatch batch(ScalarColumn... columns) {
        return new VectorBatch(SPLIT, 0, new PrimaryKeys.VarcharKeys(KEYS), new FloatVectors(2, VECTORS),
                List.of(columns));
    }

    private static InsertRequest.Builder request() {
        FloatArray.Builder floats = FloatArray.newBuilder();
        for (float value : VECTORS) {
            floats.addData(value);
        }
        return InsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setCollectionName("c")
                .addFieldsData(varchar("id", KEYS))
                .addFieldsData(FieldData.newBuilder().setType(DataType.FloatVector).setFieldName("embedding")
                        .setVectors(VectorField.newBuilder().setDim(2).setFloatVector(floats)))
                .setNumRows(KEYS.length);
    }

    private static FieldData varchar(String name, String... values) {
        return FieldData.newBuilder().setType(DataType.VarChar).setFieldName(name)
                .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                        .addAllData(Arrays.asList(values)))).build();
    }

    private static FieldData json(String name, byte[]... values) {
        JSONArray.Builder array = JSONArray.newBuilder();
        Arrays.stream(values).filter(Objects::nonNull).forEach(v -> array.addData(ByteString.copyFrom(v)));
        return FieldData.newBuilder().setType(DataType.JSON).setFieldName(name)
                .setScalars(ScalarField.newBuilder().setJsonData(array)).build();
    }

    private static byte[][] utf8(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private record TestSplit(String id, long rowCount) implements Split {
    }
}
