package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The H2M round trip: a Milvus Lite collection through {@code milvusdm to-hdf5}, then the side H2M job it wrote,
 * run unchanged but for the target port, into another collection: every id and vector arrives bit-exact, from
 * contiguous datasets and from chunked, shuffled and gzip-compressed ones. With every scalar type (built and
 * checked by pymilvus and h5py, scripts/fixtures/hdf5_scalar_roundtrip.py), the file holds each field as its own
 * dataset and the H2M job recreates the collection with the same fields in the second Milvus Lite, every entity
 * equal field by field. A collection with several vector fields (a second float vector and a sparse one: what
 * Milvus Lite 3.2.2 has besides FLOAT_VECTOR) keeps them all, bit-exact, through the file
 * (scripts/fixtures/hdf5_extra_vectors.py); binary, float16, bfloat16 and int8 fields, which no local server has
 * beside a float one, are covered by Hdf5VectorFieldsTest and VectorFieldDecoderTest.
 */
class ToHdf5FromMilvusIT {

    private static final int ROWS = 2_003;
    private static final int DIM = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--compression {0}")
    @ValueSource(strings = {"none", "gzip:6"})
    void the_side_h2m_job_moves_every_row_into_another_collection_bit_exact(String compression) throws IOException {
        try (MilvusItSupport milvus = new MilvusItSupport()) {
            String source = milvus.freshCollection("to_hdf5_src");
            String target = milvus.freshCollection("to_hdf5_dst");
            Map<Long, int[]> inserted = milvus.createFloatCollection(source, ROWS, DIM, 20261124);
            Path out = dir.resolve("export.h5");
            URI uri = URI.create(TestEnvironment.milvusUri());

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--out", out.toString(), "--dest-host", uri.getHost(), "--dest-port", "" + uri.getPort(),
                    "--dest-collection", target, "--no-progress", "--batch-bytes", "16KB",
                    "--compression", compression);

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            assertThat(export.out()).contains("rows in target: 2,003 (expected 2,003)");
            Path yaml = dir.resolve("export.h5.yaml");
            assertThat(Files.readString(yaml)).contains("  dest_partition_name: ''\n", "  mode: skip\n",
                    "    dimension: 24\n", "    metric_type: L2\n").doesNotContain("None");

            CliRun load = CliRun.run(Map.of(), "--yaml", yaml.toString(), "--no-progress");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            long[] ids = inserted.keySet().stream().mapToLong(Long::longValue).toArray();
            Map<Object, int[]> loaded = milvus.readRawBitsByIds(target, null, ids);
            assertThat(loaded).hasSize(ROWS);
            inserted.forEach((id, bits) -> assertThat(loaded.get(id)).as("id %d", id).containsExactly(bits));
            milvus.drop(source);
            milvus.drop(target);
        }
    }

    /**
     * A collection whose key and vector are not MilvusDM's {@code id} and {@code embedding}, with scalar fields of
     * those very names: the file records the source's names and the side H2M job recreates them all, values equal.
     */
    @Test
    void the_key_and_vector_keep_their_names_beside_fields_named_id_and_embedding() throws IOException {
        URI uri = URI.create(TestEnvironment.milvusUri());
        URI uri2 = URI.create(TestEnvironment.milvusUri2());
        try (MilvusItSupport milvus = new MilvusItSupport(); MilvusItSupport second = new MilvusItSupport(uri2.toString(), "")) {
            String source = milvus.freshCollection("names_src");
            String target = second.freshCollection("names_dst");
            CreateCollectionReq.CollectionSchema schema = milvus.client.createSchema();
            schema.addField(AddFieldReq.builder().fieldName("pk").dataType(DataType.Int64).isPrimaryKey(true)
                    .autoID(false).build());
            schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(2).build());
            schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(16).build());
            schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.Int32).build());
            milvus.client.createCollection(CreateCollectionReq.builder().collectionName(source).collectionSchema(schema)
                    .enableDynamicField(false).build());
            List<JsonObject> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                JsonObject row = new JsonObject();
                row.addProperty("pk", 1000L + i);
                JsonArray vector = new JsonArray();
                vector.add(i * 0.5f);
                vector.add(-i);
                row.add("vec", vector);
                row.addProperty("id", "text " + i);
                row.addProperty("embedding", i * 7);
                rows.add(row);
            }
            milvus.client.insert(InsertReq.builder().collectionName(source).data(rows).build());
            milvus.client.createIndex(CreateIndexReq.builder().collectionName(source).sync(false).indexParams(List.of(
                    IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
                            .metricType(IndexParam.MetricType.IP).build())).build());
            Path out = dir.resolve("names.h5");

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--out", out.toString(), "--dest-host", uri2.getHost(), "--dest-port", "" + uri2.getPort(),
                    "--dest-collection", target, "--no-progress");
            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            CliRun load = CliRun.run(Map.of(), "--yaml", dir.resolve("names.h5.yaml").toString(), "--no-progress");
            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);

            DescribeCollectionResp described = second.client.describeCollection(DescribeCollectionReq.builder()
                    .collectionName(target).build());
            assertThat(described.getCollectionSchema().getFieldSchemaList())
                    .extracting(f -> f.getName() + " " + f.getDataType() + (Boolean.TRUE.equals(f.getIsPrimaryKey())
                            ? " primary" : ""))
                    .containsExactlyInAnyOrder("pk Int64 primary", "vec FloatVector", "id VarChar",
                            "embedding Int32");
            List<QueryResp.QueryResult> copied = second.client.query(QueryReq.builder().collectionName(target)
                    .filter("pk >= 0").outputFields(List.of("pk", "vec", "id", "embedding"))
                    .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
            assertThat(copied).hasSize(30).allSatisfy(result -> {
                Map<String, Object> row = result.getEntity();
                int i = (int) ((Long) row.get("pk") - 1000);
                assertThat(row.get("id")).isEqualTo("text " + i);
                assertThat(row.get("embedding")).isEqualTo(i * 7);
                assertThat(row.get("vec")).isEqualTo(List.of(i * 0.5f, (float) -i));
            });
            milvus.drop(source);
            second.drop(target);
        }
    }

    /**
     * The vector field named by --vector-field is not the collection's first: H2M into an existing collection of the
     * source's schema writes {@code embeddings} into that field and the other vector into the first.
     */
    @Test
    void h2m_appends_into_an_existing_collection_whose_first_vector_is_not_the_files_embeddings() throws IOException {
        URI uri = URI.create(TestEnvironment.milvusUri());
        URI uri2 = URI.create(TestEnvironment.milvusUri2());
        try (MilvusItSupport milvus = new MilvusItSupport(); MilvusItSupport second = new MilvusItSupport(uri2.toString(), "")) {
            String source = milvus.freshCollection("second_vec_src");
            String target = second.freshCollection("second_vec_dst");
            for (MilvusItSupport server : List.of(milvus, second)) {
                String name = server == milvus ? source : target;
                CreateCollectionReq.CollectionSchema schema = server.client.createSchema();
                schema.addField(AddFieldReq.builder().fieldName("pk").dataType(DataType.Int64).isPrimaryKey(true)
                        .autoID(false).build());
                schema.addField(AddFieldReq.builder().fieldName("tv").dataType(DataType.FloatVector).dimension(3)
                        .build());
                schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4)
                        .build());
                server.client.createCollection(CreateCollectionReq.builder().collectionName(name)
                        .collectionSchema(schema).enableDynamicField(false).build());
                server.client.createIndex(CreateIndexReq.builder().collectionName(name).sync(false).indexParams(List.of(
                        IndexParam.builder().fieldName("tv").indexType(IndexParam.IndexType.FLAT)
                                .metricType(IndexParam.MetricType.COSINE).build(),
                        IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
                                .metricType(IndexParam.MetricType.L2).build())).build());
            }
            List<JsonObject> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                JsonObject row = new JsonObject();
                row.addProperty("pk", i);
                JsonArray tv = new JsonArray();
                JsonArray vec = new JsonArray();
                for (int d = 0; d < 4; d++) {
                    if (d < 3) {
                        tv.add(i + d + 0.25f);
                    }
                    vec.add(-i - d * 0.5f);
                }
                row.add("tv", tv);
                row.add("vec", vec);
                rows.add(row);
            }
            milvus.client.insert(InsertReq.builder().collectionName(source).data(rows).build());
            Path out = dir.resolve("second.h5");

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--vector-field", "vec", "--out", out.toString(), "--dest-host", uri2.getHost(),
                    "--dest-port", "" + uri2.getPort(), "--dest-collection", target, "--no-progress");
            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            Path yaml = dir.resolve("second.h5.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("  mode: skip\n", "  mode: append\n"));
            CliRun load = CliRun.run(Map.of(), "--yaml", yaml.toString(), "--no-progress");
            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);

            List<QueryResp.QueryResult> copied = second.client.query(QueryReq.builder().collectionName(target)
                    .filter("pk >= 0").outputFields(List.of("pk", "tv", "vec"))
                    .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
            assertThat(copied).hasSize(20).allSatisfy(result -> {
                Map<String, Object> row = result.getEntity();
                long i = (Long) row.get("pk");
                assertThat(row.get("tv")).isEqualTo(List.of(i + 0.25f, i + 1.25f, i + 2.25f));
                assertThat(row.get("vec")).isEqualTo(List.of((float) -i, -i - 0.5f, -i - 1f, -i - 1.5f));
            });
            milvus.drop(source);
            second.drop(target);
        }
    }

    /** Gzip only: contiguous scalar datasets are read back in Hdf5ScalarTypesTest, and cost the same here. */
    @Test
    void every_scalar_field_goes_through_the_file_into_a_second_milvus_field_by_field() throws IOException {
        URI uri = URI.create(TestEnvironment.milvusUri());
        URI uri2 = URI.create(TestEnvironment.milvusUri2());
        try (MilvusItSupport milvus = new MilvusItSupport(); MilvusItSupport second = new MilvusItSupport(uri2.toString(), "")) {
            String source = milvus.freshCollection("scalars_src");
            String target = second.freshCollection("scalars_dst");
            JsonNode created = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_scalar_roundtrip.py", "create",
                    uri.toString(), source));
            int rows = created.get("rows").asInt();
            Path out = dir.resolve("scalars.h5");

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--out", out.toString(), "--dest-host", uri2.getHost(), "--dest-port", "" + uri2.getPort(),
                    "--dest-collection", target, "--no-progress", "--batch-bytes", "8KB", "--compression", "gzip");

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            assertThat(export.err()).as("no field is left out").doesNotContain("is not written");
            JsonNode file = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_scalar_roundtrip.py", "check-h5",
                    uri.toString(), source, out.toString()));
            assertThat(file.get("problems")).as(file.toString()).isEmpty();
            assertThat(file.get("rows").asInt()).isEqualTo(rows);
            assertThat(file.get("datasets").toString()).contains("\"$meta\"", "\"ai32.valid\"", "\"as_\"", "\"i8\"",
                    "\"geo\"", "\"ts.valid\"");

            CliRun load = CliRun.run(Map.of(), "--yaml", dir.resolve("scalars.h5.yaml").toString(), "--no-progress");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            assertThat(load.out()).contains("rows in target: " + rows + " (expected " + rows + ")");
            JsonNode compared = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_scalar_roundtrip.py", "compare",
                    uri.toString(), source, uri2.toString(), target));
            assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
            assertThat(compared.get("rows").asInt()).isEqualTo(rows);
            milvus.drop(source);
            second.drop(target);
        }
    }

    @Test
    void every_vector_field_goes_through_the_file_into_a_second_milvus_bit_exact() throws IOException {
        URI uri = URI.create(TestEnvironment.milvusUri());
        URI uri2 = URI.create(TestEnvironment.milvusUri2());
        try (MilvusItSupport milvus = new MilvusItSupport(); MilvusItSupport second = new MilvusItSupport(uri2.toString(), "")) {
            String source = milvus.freshCollection("vectors_src");
            String target = second.freshCollection("vectors_dst");
            String refused = second.freshCollection("vectors_bad");
            JsonNode created = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "create",
                    uri.toString(), source));
            int rows = created.get("rows").asInt();
            Path out = dir.resolve("vectors.h5");

            CliRun export = CliRun.run(Map.of(), "to-hdf5", "--milvus-uri", uri.toString(), "--collection", source,
                    "--vector-field", "embedding", "--out", out.toString(), "--dest-host", uri2.getHost(),
                    "--dest-port", "" + uri2.getPort(), "--dest-collection", target, "--no-progress",
                    "--batch-bytes", "8KB", "--compression", "gzip");

            assertThat(export.exitCode()).as(export.toString()).isEqualTo(ExitCodes.OK);
            assertThat(export.err()).as("no field is left out").doesNotContain("is not written");
            JsonNode file = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "check-h5",
                    uri.toString(), source, out.toString()));
            assertThat(file.get("problems")).as(file.toString()).isEmpty();
            assertThat(file.get("rows").asInt()).isEqualTo(rows);
            assertThat(file.get("datasets").toString()).contains("\"title_vec\"", "\"sparse.indptr\"",
                    "\"sparse.indices\"", "\"sparse.data\"", "\"note.valid\"");

            CliRun load = CliRun.run(Map.of(), "--yaml", dir.resolve("vectors.h5.yaml").toString(), "--no-progress");

            assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.OK);
            assertThat(load.out()).contains("rows in target: " + rows + " (expected " + rows + ")");
            JsonNode compared = JSON.readTree(TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "compare",
                    uri.toString(), source, uri2.toString(), target));
            assertThat(compared.get("problems")).as(compared.toString()).isEmpty();
            assertThat(compared.get("rows").asInt()).isEqualTo(rows);
            Path upsert = Files.writeString(dir.resolve("upsert.h5.yaml"),
                    Files.readString(dir.resolve("vectors.h5.yaml")).replace("mode: skip", "mode: upsert"));

            CliRun again = CliRun.run(Map.of(), "--yaml", upsert.toString(), "--no-progress");

            assertThat(again.exitCode()).as("the existing target has the file's vector fields: " + again)
                    .isEqualTo(ExitCodes.OK);
            assertThat(again.out()).contains("upserting into collection '" + target + "'",
                    "rows in target: " + rows + " (expected " + rows + ")");

            Path broken = dir.resolve("broken.h5");
            TestEnvironment.runFixtureScript("hdf5_extra_vectors.py", "damage", out.toString(), broken.toString(),
                    "100", "sparse.indices", "sparse.data");
            String yaml = Files.readString(dir.resolve("vectors.h5.yaml")).replace(out.toString(), broken.toString())
                    .replace("'" + target + "'", "'" + refused + "'");
            Path brokenYaml = Files.writeString(dir.resolve("broken.h5.yaml"), yaml);

            CliRun bad = CliRun.run(Map.of(), "--yaml", brokenYaml.toString(), "--no-progress");

            assertThat(bad.exitCode()).as(bad.toString()).isNotEqualTo(ExitCodes.OK);
            assertThat(bad.err()).contains("dataset 'sparse.indptr' runs from 0 to ",
                    "; expected 0 to 100, the length of 'sparse.data'");
            assertThat(second.exists(refused)).as("the target is not touched").isFalse();
            milvus.drop(source);
            second.drop(target);
        }
    }
}
