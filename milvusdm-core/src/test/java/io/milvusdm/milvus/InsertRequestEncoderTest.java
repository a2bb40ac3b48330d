package io.milvusdm.milvus;

import com.google.protobuf.ByteString;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MsgBase;
import io.milvus.grpc.MsgType;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.UpsertRequest;
import io.milvus.grpc.VectorField;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.pipeline.WriteKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder's bytes against what the generated protobuf builders make of the same rows. */
class InsertRequestEncoderTest {

    private static final Split SPLIT = new TestSplit("h5:0:a.h5:0+5", 5);

    @Test
    void float_vectors_with_int64_keys_match_the_generated_builder_byte_for_byte() throws Exception {
        long[] ids = {0, 1, 127, 128, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        float[] values = randomFloats(ids.length * 3, 1);
        values[0] = Float.NaN;
        values[1] = -0.0f;
        values[2] = Float.intBitsToFloat(0x7fc00001);
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.Int64Keys(ids), new FloatVectors(3, values));

        byte[] encoded = new InsertRequestEncoder("db1", "c", "p", "id", "embedding").encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = InsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setDbName("db1").setCollectionName("c").setPartitionName("p")
                .addFieldsData(int64Keys(ids))
                .addFieldsData(floatVectors(3, values))
                .setNumRows(ids.length)
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        InsertRequest parsed = InsertRequest.parseFrom(encoded);
        assertThat(parsed).isEqualTo(expected);
        float[] back = new float[values.length];
        for (int i = 0; i < back.length; i++) {
            back[i] = parsed.getFieldsData(1).getVectors().getFloatVector().getData(i);
        }
        assertThat(rawBits(back)).isEqualTo(rawBits(values));
    }

    @ParameterizedTest
    @EnumSource(value = VectorType.class, names = {"BINARY_VECTOR", "FLOAT16_VECTOR", "BFLOAT16_VECTOR"})
    void byte_vectors_go_into_their_own_field(VectorType type) throws Exception {
        int dim = 16;
        int rows = 4;
        byte[] bytes = new byte[(int) type.bytesPerRow(dim) * rows];
        new Random(7).nextBytes(bytes);
        long[] ids = {10, 20, 30, 40};
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.Int64Keys(ids), new ByteVectors(type, dim, bytes));

        byte[] encoded = new InsertRequestEncoder(null, "c", null, "id", "embedding").encode(batch, WriteKind.INSERT, true);

        VectorField.Builder vector = VectorField.newBuilder().setDim(dim);
        DataType dataType = switch (type) {
            case BINARY_VECTOR -> {
                vector.setBinaryVector(ByteString.copyFrom(bytes));
                yield DataType.BinaryVector;
            }
            case FLOAT16_VECTOR -> {
                vector.setFloat16Vector(ByteString.copyFrom(bytes));
                yield DataType.Float16Vector;
            }
            default -> {
                vector.setBfloat16Vector(ByteString.copyFrom(bytes));
                yield DataType.BFloat16Vector;
            }
        };
        InsertRequest expected = InsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setCollectionName("c")
                .addFieldsData(int64Keys(ids))
                .addFieldsData(FieldData.newBuilder().setType(dataType).setFieldName("embedding").setVectors(vector))
                .setNumRows(rows)
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        assertThat(InsertRequest.parseFrom(encoded)).isEqualTo(expected);
    }

    @Test
    void auto_id_sends_no_key_column_even_when_the_batch_has_keys() throws Exception {
        float[] values = randomFloats(8, 2);
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.Int64Keys(new long[] {1, 2}),
                new FloatVectors(4, values));

        byte[] encoded = new InsertRequestEncoder("", "c", null, "id", "embedding").encode(batch, WriteKind.INSERT, false);

        InsertRequest expected = InsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setCollectionName("c")
                .addFieldsData(floatVectors(4, values))
                .setNumRows(2)
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
    }

    @Test
    void varchar_keys_are_utf8_strings_as_protobuf_writes_them() throws Exception {
        String[] ids = {"a", "", "é", "中文", "😀x", "\uD800lone", "x".repeat(300)};
        float[] values = randomFloats(ids.length * 2, 3);
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.VarcharKeys(ids), new FloatVectors(2, values));

        byte[] encoded = new InsertRequestEncoder(null, "c", "part", "id", "embedding").encode(batch, WriteKind.UPSERT, true);

        UpsertRequest expected = UpsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Upsert))
                .setCollectionName("c").setPartitionName("part")
                .addFieldsData(FieldData.newBuilder().setType(DataType.VarChar).setFieldName("id")
                        .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                                .addAllData(Arrays.asList(ids)))))
                .addFieldsData(floatVectors(2, values))
                .setNumRows(ids.length)
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
        // a lone surrogate goes over the wire as '?', so compare with what the builder's bytes parse to
        assertThat(UpsertRequest.parseFrom(encoded)).isEqualTo(UpsertRequest.parseFrom(expected.toByteArray()));
        assertThat(UpsertRequest.parseFrom(encoded).getFieldsData(0).getScalars().getStringData().getData(5))
                .isEqualTo("?lone");
    }

    @Test
    void upsert_and_insert_differ_only_in_the_message_type() throws Exception {
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.Int64Keys(new long[] {5}),
                new FloatVectors(2, new float[] {1, 2}));
        InsertRequestEncoder encoder = new InsertRequestEncoder(null, "c", null, "id", "embedding");

        UpsertRequest upsert = UpsertRequest.parseFrom(encoder.encode(batch, WriteKind.UPSERT, true));
        InsertRequest insert = InsertRequest.parseFrom(encoder.encode(batch, WriteKind.INSERT, true));

        assertThat(upsert.getBase().getMsgType()).isEqualTo(MsgType.Upsert);
        assertThat(insert.getBase().getMsgType()).isEqualTo(MsgType.Insert);
        assertThat(upsert.getFieldsDataList()).isEqualTo(insert.getFieldsDataList());
        assertThat(upsert.getPartialUpdate()).isFalse();
    }

    @Test
    void a_large_batch_crosses_multi_byte_length_prefixes_exactly() throws Exception {
        int rows = 70_000;
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = (long) i * 1_000_003L;
        }
        float[] values = randomFloats(rows * 64, 4);
        VectorBatch batch = new VectorBatch(SPLIT, 0, new PrimaryKeys.Int64Keys(ids), new FloatVectors(64, values));

        byte[] encoded = new InsertRequestEncoder(null, "c", null, "id", "embedding").encode(batch, WriteKind.INSERT, true);

        InsertRequest expected = InsertRequest.newBuilder()
                .setBase(MsgBase.newBuilder().setMsgType(MsgType.Insert))
                .setCollectionName("c")
                .addFieldsData(int64Keys(ids))
                .addFieldsData(floatVectors(64, values))
                .setNumRows(rows)
                .build();
        assertThat(encoded).isEqualTo(expected.toByteArray());
    }

    @Test
    void missing_keys_and_empty_batches_are_refused() {
        InsertRequestEncoder encoder = new InsertRequestEncoder(null, "c", null, "id", "embedding");
        VectorBatch noKeys = new VectorBatch(SPLIT, 0, null, new FloatVectors(2, new float[] {1, 2}));
        VectorBatch empty = new VectorBatch(SPLIT, 0, null, new FloatVectors(2, new float[0]));

        assertThatThrownBy(() -> encoder.encode(noKeys, WriteKind.INSERT, true))
                .hasMessage("batch of split h5:0:a.h5:0+5 has no primary keys");
        assertThatThrownBy(() -> encoder.encode(empty, WriteKind.INSERT, false))
                .hasMessage("empty batch of split h5:0:a.h5:0+5");
    }

    @Test
    void varint_sizes_match_protobuf() {
        for (long value : new long[] {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            assertThat(ProtoWire.varintSize(value))
                    .as("varint size of %d", value)
                    .isEqualTo(com.google.protobuf.CodedOutputStream.computeInt64SizeNoTag(value));
        }
    }

    private static FieldData int64Keys(long[] ids) {
        LongArray.Builder longs = LongArray.newBuilder();
        for (long id : ids) {
            longs.addData(id);
        }
        return FieldData.newBuilder().setType(DataType.Int64).setFieldName("id")
                .setScalars(ScalarField.newBuilder().setLongData(longs)).build();
    }

    private static FieldData floatVectors(int dim, float[] values) {
        FloatArray.Builder floats = FloatArray.newBuilder();
        for (float value : values) {
            floats.addData(value);
        }
        return FieldData.newBuilder().setType(DataType.FloatVector).setFieldName("embedding")
                .setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(floats)).build();
    }

    private static float[] randomFloats(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private record TestSplit(String id, long rowCount) implements Split {
    }

}
