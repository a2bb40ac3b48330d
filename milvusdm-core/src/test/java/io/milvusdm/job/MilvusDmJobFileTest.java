package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.format.hdf5.Hdf5Layout;
import io.milvusdm.milvus.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MilvusDmJobFileTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/float_1.h5"), "");
        Files.writeString(dir.resolve("data/float_2.hdf5"), "");
        Files.writeString(dir.resolve("data/notes.txt"), "");
    }

    private Path job(String yaml) throws IOException {
        Path file = dir.resolve("H2M.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private H2mJob read(String yaml) throws Exception {
        return MilvusDmJobFile.readH2m(job(yaml), Map.of("MILVUSDM_HOME", dir.resolve("home").toString()),
                warnings::add);
    }

    @Test
    void reads_the_seed_h2m_file_as_milvusdm_does() throws Exception {
        H2mJob job = read("""
                H2M:
                  milvus-version: 2.x
                  data_path:
                    - data/float_1.h5
                    - data/float_2.hdf5
                  data_dir:
                  dest_host: '127.0.0.1'
                  dest_port: 19530
                  mode: 'overwrite'        # 'skip/append/overwrite'
                  dest_collection_name: 'test_float'
                  dest_partition_name: 'partition_1'
                  collection_parameter:
                    dimension: 128
                    index_file_size: 1024
                    metric_type: 'L2'
                """);
        assertThat(job.source().files()).containsExactly(dir.resolve("data/float_1.h5"), dir.resolve("data/float_2.hdf5"));
        assertThat(job.source().layout()).isEqualTo(Hdf5Layout.MILVUSDM);
        assertThat(job.source().vectorDataset()).isEqualTo("embeddings");
        assertThat(job.source().idsDataset()).isEqualTo("ids");
        assertThat(job.target().destination().isLocal()).isFalse();
        assertThat(job.target().destination().target().uri()).isEqualTo("http://127.0.0.1:19530");
        assertThat(job.target().mode()).isEqualTo(WriteMode.OVERWRITE);
        assertThat(job.target().collection()).isEqualTo("test_float");
        assertThat(job.target().partition()).isEqualTo("partition_1");
        assertThat(job.target().dimension()).isEqualTo(128);
        assertThat(job.target().metricType()).isEqualTo("L2");
        assertThat(warnings).isEmpty();
    }

    @Test
    void accepts_the_underscore_spelling_and_an_empty_partition_name_means_none() throws Exception {
        H2mJob job = read("""
                H2M:
                  milvus_version: 1.x
                  data_path: [data/float_1.h5]
                  dest_host: localhost
                  dest_port: 19531
                  mode: Append
                  dest_collection_name: c
                  dest_partition_name: ''
                  collection_parameter: {dimension: 8, index_file_size: 1024, metric_type: ip}
                """);
        assertThat(job.target().partition()).isNull();
        assertThat(job.target().mode()).isEqualTo(WriteMode.APPEND);
        assertThat(job.target().metricType()).isEqualTo("IP");
        assertThat(job.target().destination().target().uri()).isEqualTo("http://localhost:19531");
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_null_partition_name_means_none_too() throws Exception {
        H2mJob job = read("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_host: localhost
                  mode: skip
                  dest_collection_name: c
                  dest_partition_name:
                """);
        assertThat(job.target().partition()).isNull();
        assertThat(job.target().destination().target().uri()).isEqualTo("http://localhost:19530");
    }

    @Test
    void data_dir_takes_hdf5_files_by_name_and_warns_about_the_rest() throws Exception {
        H2mJob job = read("""
                H2M:
                  data_path:
                  data_dir: data
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """);
        assertThat(job.source().files()).containsExactly(dir.resolve("data/float_1.h5"), dir.resolve("data/float_2.hdf5"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("notes.txt").contains("not an HDF5 file"));
    }

    @Test
    void both_data_path_and_data_dir_is_an_error() {
        assertThatThrownBy(() -> read("""
                H2M:
                  data_path: [data/float_1.h5]
                  data_dir: data
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("H2M.data_path: set either data_path or data_dir, not both");
    }

    @Test
    void neither_data_path_nor_data_dir_is_an_error() {
        assertThatThrownBy(() -> read("""
                H2M:
                  data_path:
                  data_dir:
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("set data_path (a list of HDF5 files) or data_dir");
    }

    @Test
    void every_problem_is_reported_at_once_with_its_key() {
        assertThatThrownBy(() -> read("""
                H2M:
                  data_path: [data/missing.h5]
                  dest_host: localhost
                  dest_port: 99999
                  mode: replace
                  dest_partition_name: ''
                  workers: many
                """))
                .isInstanceOf(JobFileException.class)
                .satisfies(e -> assertThat(((JobFileException) e).problems()).hasSize(5))
                .hasMessageContaining("H2M.data_path: no such file: " + dir.resolve("data/missing.h5"))
                .hasMessageContaining("H2M.dest_port: expected 1..65535, found 99999")
                .hasMessageContaining("H2M.mode: expected one of skip, append, overwrite, upsert, found 'replace'")
                .hasMessageContaining("H2M.dest_collection_name: required")
                .hasMessageContaining("H2M.workers: expected an integer, found 'many'");
    }

    @Test
    void unknown_keys_are_warnings_naming_them() throws Exception {
        read("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                  dest_hots: typo
                  collection_parameter: {dimension: 8, metrik_type: L2}
                """);
        assertThat(warnings).containsExactlyInAnyOrder("unknown key H2M.dest_hots is ignored",
                "unknown key H2M.collection_parameter.metrik_type is ignored");
    }

    @Test
    void a_local_path_as_uri_means_a_local_milvus_on_that_directory() throws Exception {
        H2mJob job = read("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_uri: ./milvus_demo.db
                  mode: overwrite
                  dest_collection_name: c
                  dest_partition_name: ''
                """);
        assertThat(job.target().destination().isLocal()).isTrue();
        assertThat(job.target().destination().localDataDir()).isEqualTo(dir.resolve("milvus_demo.db"));
    }

    @Test
    void no_server_named_means_the_local_default() throws Exception {
        H2mJob job = read("""
                H2M:
                  data_path: [data/float_1.h5]
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """);
        assertThat(job.target().destination().localDataDir()).isEqualTo(dir.resolve("home/milvus-data"));
    }

    @Test
    void credentials_come_from_the_environment_and_never_show_in_toString() throws Exception {
        Path file = job("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_uri: https://milvus.example:19530
                  dest_user: alice
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                """);
        H2mJob job = MilvusDmJobFile.readH2m(file, Map.of(MilvusDmJobFile.ENV_PASSWORD, "s3cr3t!"), warnings::add);
        assertThat(job.target().destination().target().password()).isEqualTo("s3cr3t!");
        assertThat(job.target().destination().target().secure()).isTrue();
        assertThat(job.target().destination().target().toString()).doesNotContain("s3cr3t!");
        assertThat(job.toString()).doesNotContain("s3cr3t!");
    }

    @Test
    void extras_set_batch_size_workers_index_and_the_ann_benchmarks_layout() throws Exception {
        H2mJob job = read("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_host: localhost
                  mode: upsert
                  dest_collection_name: c
                  dest_partition_name: ''
                  layout: ann-benchmarks
                  dataset: test
                  workers: 4
                  batch_bytes: 16MB
                  create_index: {index_type: hnsw, params: {M: 16, efConstruction: 200}}
                """);
        assertThat(job.target().mode()).isEqualTo(WriteMode.UPSERT);
        assertThat(job.source().layout()).isEqualTo(Hdf5Layout.ANN_BENCHMARKS);
        assertThat(job.source().vectorDataset()).isEqualTo("test");
        assertThat(job.source().idsDataset()).isNull();
        assertThat(job.target().runOptions(null, null, false).workers()).isEqualTo(4);
        assertThat(job.target().runOptions(null, null, false).batchBytes()).isEqualTo(16L << 20);
        assertThat(job.target().runOptions(1, 1L << 20, true).workers()).isEqualTo(1);
        assertThat(job.target().index().indexType()).isEqualTo("HNSW");
        assertThat(job.target().index().params()).containsEntry("M", 16L).containsEntry("efConstruction", 200L);
    }

    @Test
    void a_batch_size_over_the_grpc_limit_is_refused() {
        assertThatThrownBy(() -> read("""
                H2M:
                  data_path: [data/float_1.h5]
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                  batch_bytes: 100MB
                """))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("H2M.batch_bytes: expected a size from 1KiB to 48MiB");
    }

    @Test
    void broken_yaml_names_the_line() {
        assertThatThrownBy(() -> read("H2M:\n  data_path: [a\n  mode: x\n"))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void the_task_is_the_single_top_level_key() throws Exception {
        assertThat(MilvusDmJobFile.task(job("F2M:\n  data_path: x\n"))).isEqualTo("F2M");
        assertThatThrownBy(() -> MilvusDmJobFile.task(job("X2Y:\n  a: 1\n")))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("one of [H2M, F2M, M2M, M2H], found [X2Y]");
    }

    @Test
    void reads_the_seed_f2m_file() throws Exception {
        Files.writeString(dir.resolve("faiss.index"), "");
        Path file = job("""
                F2M:
                  milvus_version: 2.x
                  data_path: 'faiss.index'
                  dest_host: '127.0.0.1'
                  dest_port: 19530
                  mode: 'append'        # 'skip/append/overwrite'
                  dest_collection_name: 'test'
                  dest_partition_name: ''
                  collection_parameter:
                    dimension: 256
                    index_file_size: 1024
                    metric_type: 'L2'
                """);
        F2mJob job = MilvusDmJobFile.readF2m(file, Map.of(), warnings::add);
        assertThat(job.index()).isEqualTo(dir.resolve("faiss.index"));
        assertThat(job.allowLossy()).isFalse();
        assertThat(job.target().collection()).isEqualTo("test");
        assertThat(job.target().partition()).isNull();
        assertThat(job.target().mode()).isEqualTo(WriteMode.APPEND);
        assertThat(job.target().dimension()).isEqualTo(256);
        assertThat(job.target().metricType()).isEqualTo("L2");
        assertThat(warnings).isEmpty();
    }

    @Test
    void f2m_needs_an_existing_index_file_and_takes_allow_lossy() throws Exception {
        Path file = job("""
                F2M:
                  data_path: missing.index
                  dest_host: localhost
                  mode: append
                  dest_collection_name: c
                  dest_partition_name: ''
                  allow_lossy: true
                """);
        assertThatThrownBy(() -> MilvusDmJobFile.readF2m(file, Map.of(), warnings::add))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("F2M.data_path: no such file: " + dir.resolve("missing.index"));
        assertThatThrownBy(() -> MilvusDmJobFile.readH2m(file, Map.of(), warnings::add))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("expected a H2M job, found F2M");
    }
}
