package io.milvusdm.milvus.source;

import com.google.protobuf.ByteString;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.GeometryArray;
import io.milvus.grpc.GeometryWktArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.TimestamptzArray;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GEOMETRY and TIMESTAMPTZ columns put into the form inserts take, exactly. */
class InsertFormsTest {

    @Test
    void utc_microseconds_become_iso_text_that_parses_back_to_the_same_microsecond() {
        assertThat(InsertForms.isoUtc(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(InsertForms.isoUtc(1_714_959_489_123_456L)).isEqualTo("2024-05-06T01:38:09.123456Z");
        assertThat(InsertForms.isoUtc(1_714_959_489_120_000L)).isEqualTo("2024-05-06T01:38:09.120Z");
        assertThat(InsertForms.isoUtc(-1L)).isEqualTo("1969-12-31T23:59:59.999999Z");
        SplittableRandom random = new SplittableRandom(26);
        for (int i = 0; i < 10_000; i++) {
            // years 0001..9999, the range RFC 3339 text (and Milvus's parser) covers
            long micros = random.nextLong(-62_135_596_800_000_000L, 253_402_300_800_000_000L);
            String text = InsertForms.isoUtc(micros);
            Instant parsed = OffsetDateTime.parse(text).toInstant();
            assertThat(parsed.getEpochSecond() * 1_000_000 + parsed.getNano() / 1_000).as(text).isEqualTo(micros);
        }
    }

    @Test
    void timestamptz_stored_as_microseconds_is_rewritten_as_strings_with_its_nulls() {
        FieldData stored = FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("t").setFieldId(104)
                .setScalars(ScalarField.newBuilder().setTimestamptzData(TimestamptzArray.newBuilder()
                        .addData(1_704_157_445_000_000L).addData(0).addData(-86_400_000_001L)))
                .addAllValidData(List.of(true, false, true)).build();

        FieldData insert = InsertForms.of(stored);

        assertThat(insert.getScalars().getStringData().getDataList())
                .containsExactly("2024-01-02T01:04:05Z", "1970-01-01T00:00:00Z", "1969-12-30T23:59:59.999999Z");
        assertThat(insert.getValidDataList()).containsExactly(true, false, true);
        assertThat(insert.getFieldName()).isEqualTo("t");
        assertThat(insert.getFieldId()).isEqualTo(104);
        FieldData asLongs = stored.toBuilder().setScalars(ScalarField.newBuilder()
                .setLongData(LongArray.newBuilder().addData(1_704_157_445_000_000L))).clearValidData().build();
        assertThat(InsertForms.of(asLongs).getScalars().getStringData().getDataList())
                .containsExactly("2024-01-02T01:04:05Z");
    }

    @Test
    void forms_inserts_take_already_are_left_as_they_are() {
        FieldData text = FieldData.newBuilder().setType(DataType.Timestamptz).setFieldName("t")
                .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                        .addData("2025-03-20T18:30:00.123+08:00").addData("2024-05-06T07:08:09Z"))).build();
        FieldData wkt = FieldData.newBuilder().setType(DataType.Geometry).setFieldName("g")
                .setScalars(ScalarField.newBuilder().setGeometryWktData(GeometryWktArray.newBuilder()
                        .addData("POINT (1.5 2.25)"))).build();
        FieldData ints = FieldData.newBuilder().setType(DataType.Int64).setFieldName("n")
                .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(5))).build();

        assertThat(InsertForms.of(text)).isSameAs(text);
        assertThat(InsertForms.of(wkt)).isSameAs(wkt);
        assertThat(InsertForms.of(ints)).isSameAs(ints);
    }

    @Test
    void geometry_text_in_the_string_slot_moves_to_the_wkt_slot_and_wkb_is_refused() {
        FieldData strings = FieldData.newBuilder().setType(DataType.Geometry).setFieldName("g")
                .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                        .addData("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))").addData(""))).addValidData(true).addValidData(false)
                .build();

        FieldData insert = InsertForms.of(strings);

        assertThat(insert.getScalars().getDataCase()).isEqualTo(ScalarField.DataCase.GEOMETRY_WKT_DATA);
        assertThat(insert.getScalars().getGeometryWktData().getDataList())
                .containsExactly("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "");
        assertThat(insert.getValidDataList()).containsExactly(true, false);

        FieldData wkb = FieldData.newBuilder().setType(DataType.Geometry).setFieldName("where")
                .setScalars(ScalarField.newBuilder().setGeometryData(GeometryArray.newBuilder()
                        .addData(ByteString.copyFrom(new byte[] {1, 1, 0, 0, 0})))).build();
        assertThatThrownBy(() -> InsertForms.of(wkb)).hasMessageContaining("field 'where'")
                .hasMessageContaining("WKB (geometry_data)").hasMessageContaining("inserts take WKT only");
    }
}
