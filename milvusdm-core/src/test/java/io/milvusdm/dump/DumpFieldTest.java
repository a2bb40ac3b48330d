package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields as manifest.json records them come back as they were declared; one Milvus could not have is named. */
class DumpFieldTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_kind_of_default_value_survives_the_json() throws IOException {
        List<ScalarField> fields = List.of(
                ScalarField.number("flag", ScalarType.BOOL, false).withDefault(true),
                ScalarField.number("big", ScalarType.INT64, false).withDefault(Long.MIN_VALUE),
                ScalarField.number("ratio", ScalarType.DOUBLE, true).withDefault(Double.NaN),
                ScalarField.number("f", ScalarType.FLOAT, false).withDefault(Double.NEGATIVE_INFINITY),
                ScalarField.number("half", ScalarType.FLOAT, false).withDefault(0.5),
                new ScalarField("ts", ScalarType.TIMESTAMPTZ, 0, false).withDefault(1_704_157_445_678_901L),
                new ScalarField("geo", ScalarType.GEOMETRY, 0, true).withDefault("POINT (1 2)"),
                ScalarField.array("tags", ScalarType.VARCHAR, 4, 16, true),
                ScalarField.dynamic());
        for (ScalarField field : fields) {
            String json = JSON.writeValueAsString(DumpField.of(field));
            DumpField back = JSON.readValue(json, DumpField.class);
            assertThat(back).as(json).isEqualTo(DumpField.of(field));
            assertThat(back.toField("m.json")).as(json).isEqualTo(field);
        }
    }

    @Test
    void a_field_milvus_could_not_have_is_named_with_the_manifest() throws IOException {
        DumpField broken = JSON.readValue("{\"name\": \"tags\", \"type\": \"ARRAY\", \"nullable\": false,"
                + " \"elementType\": \"JSON\", \"maxCapacity\": 4}", DumpField.class);
        assertThatThrownBy(() -> broken.toField("dump/manifest.json")).isInstanceOf(DumpException.class)
                .hasMessage("manifest dump/manifest.json: field tags cannot be created: ARRAY field 'tags' needs an"
                        + " element type of BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE or VARCHAR, got JSON");
        DumpField fraction = JSON.readValue("{\"name\": \"n\", \"type\": \"INT32\", \"nullable\": false,"
                + " \"defaultValue\": 1.5}", DumpField.class);
        assertThatThrownBy(() -> fraction.toField("m.json")).hasMessageContaining("default 1.5 is not an integer");
    }
}
