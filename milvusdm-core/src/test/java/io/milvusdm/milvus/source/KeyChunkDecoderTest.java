package io.milvusdm.milvus.source;

import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Key query answers encoded by protobuf, decoded into the decoder's own array. */
class KeyChunkDecoderTest {

    @Test
    void int64_keys_of_the_key_column_go_into_one_array_kept_from_answer_to_answer() {
        long[] first = LongStream.range(-1000, 4000).map(k -> k * 7919).toArray();
        KeyChunkDecoder decoder = new KeyChunkDecoder("id");

        KeyChunkDecoder.Chunk chunk = decoder.parse(answer(longs("other", 1, 2, 3), longs("id", first)));
        assertThat(chunk.status().getReason()).isEqualTo("fine");
        assertThat(chunk.count()).isEqualTo(first.length);
        assertThat(Arrays.copyOf(chunk.int64(), chunk.count())).containsExactly(first);
        long[] array = chunk.int64();

        KeyChunkDecoder.Chunk second = decoder.parse(answer(longs("id", Long.MIN_VALUE, Long.MAX_VALUE, -1)));
        assertThat(second.int64()).isSameAs(array);
        assertThat(Arrays.copyOf(second.int64(), second.count())).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, -1);
    }

    @Test
    void varchar_keys_keep_their_text() {
        FieldData keys = FieldData.newBuilder().setType(DataType.VarChar).setFieldName("pk").setScalars(ScalarField
                .newBuilder().setStringData(StringArray.newBuilder().addAllData(List.of("a\"]", "😀", "", "é")))).build();

        KeyChunkDecoder.Chunk chunk = new KeyChunkDecoder("pk").parse(answer(keys));

        assertThat(chunk.varchar()).containsExactly("a\"]", "😀", "", "é");
        assertThat(chunk.count()).isZero();
    }

    private static FieldData longs(String name, long... values) {
        return FieldData.newBuilder().setType(DataType.Int64).setFieldName(name).setScalars(ScalarField.newBuilder()
                .setLongData(LongArray.newBuilder().addAllData(LongStream.of(values).boxed().toList()))).build();
    }

    private static ByteArrayInputStream answer(FieldData... columns) {
        return new ByteArrayInputStream(QueryResults.newBuilder().setStatus(Status.newBuilder().setReason("fine"))
                .addAllFieldsData(List.of(columns)).setPrimaryFieldName("id").build().toByteArray());
    }
}
