package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** milvus-migration's migration.yaml: the seed's own example read as it is, and every bad key named by its path. */
class MigrationConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("testfiles/faiss"));
        Files.write(dir.resolve("testfiles/faiss/faiss_ivf_flat.index"), new byte[16]);
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("migration.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The example of milvus.io's "From Faiss" page, verbatim but for the secrets. */
    private static final String SEED = """
            dumper: # configs for the migration job.
              worker:
                limit: 2
                workMode: faiss    # operational mode of the migration job.
                reader:
                  bufferSize: 1024
                writer:
                  bufferSize: 1024
            loader:
              worker:
                limit: 2
            source: # configs for the source Faiss index.
              mode: local
              local:
                faissFile: ./testfiles/faiss/faiss_ivf_flat.index

            target: # configs for the target Milvus collection.
              create:
                collection:
                  name: test1w
                  shardsNums: 2
                  dim: 256
                  metricType: L2

              mode: remote
              remote:
                outputDir: testfiles/output/
                cloud: aws
                endpoint: 0.0.0.0:9000
                region: ap-southeast-1
                bucket: a-bucket
                ak: minioadmin
                sk: the-secret-key
                useIAM: false
                useSSL: false
                checkBucket: true
              milvus2x:
                endpoint: localhost:19530
                username: xxxxx
                password: the-password
            """;

    @Test
    void reads_the_example_of_the_milvus_docs_as_it_is() throws Exception {
        MigrationJob job = MigrationConfig.read(config(SEED), Map.of());

        assertThat(job.source()).isEqualTo(new MigrationSource.Faiss(dir.resolve("testfiles/faiss/faiss_ivf_flat.index")));
        assertThat(job.dumper().workers()).isEqualTo(2);
        assertThat(job.dumper().batchBytes()).isEqualTo(1024 * 1024);
        assertThat(job.loader().workers()).isEqualTo(2);
        assertThat(job.collection()).isEqualTo(new MigrationJob.CollectionCreate("test1w", 2, 256, "L2"));
        DumpStorage.Remote remote = (DumpStorage.Remote) job.storage();
        assertThat(remote.bucket()).isEqualTo("a-bucket");
        assertThat(remote.endpoint()).isEqualTo("0.0.0.0:9000");
        assertThat(remote.outputDir()).isEqualTo("testfiles/output/");
        assertThat(remote.checkBucket()).isTrue();
        assertThat(remote.toString()).doesNotContain("the-secret-key").doesNotContain("minioadmin");
        assertThat(job.destination().target().uri()).isEqualTo("http://localhost:19530");
        assertThat(job.destination().target().user()).isEqualTo("xxxxx");
        assertThat(job.destination().target().toString()).doesNotContain("the-password");
    }

    @Test
    void unknown_keys_are_errors_naming_their_full_path() throws IOException {
        Path file = config(SEED.replace("    limit: 2\n    workMode", "    limt: 2\n    workMode")
                .replace("  mode: remote\n", "  mode: remote\n  colour: blue\n") + "extra: 1\n");

        assertThatThrownBy(() -> MigrationConfig.read(file, Map.of()))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("extra: unknown key (expected dumper, loader, meta, source, target)")
                .hasMessageContaining("dumper.worker.limt: unknown key")
                .hasMessageContaining("target.colour: unknown key");
    }

    @Test
    void a_bad_collection_name_and_an_unknown_load_mode_are_named() throws IOException {
        Path file = config(SEED.replace("name: test1w", "name: ../elsewhere")
                .replace("loader:\n", "loader:\n  mode: replace\n"));

        assertThatThrownBy(() -> MigrationConfig.read(file, Map.of()))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("target.create.collection.name: expected a Milvus collection name")
                .hasMessageContaining("found '../elsewhere'")
                .hasMessageContaining("loader.mode: expected append, skip, overwrite or fail, found 'replace'");
    }

    @Test
    void contradictory_keys_are_errors_naming_both_sides() throws IOException {
        Path file = config("""
                dumper:
                  worker: {workMode: faiss}
                source:
                  mode: local
                  local:
                    faissFile: testfiles/faiss/faiss_ivf_flat.index
                    hdf5Files: [a.h5]
                target:
                  mode: local
                  local: {outputDir: out}
                  remote: {bucket: b}
                """);

        assertThatThrownBy(() -> MigrationConfig.read(file, Map.of()))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("source.local.hdf5Files: does not belong to workMode faiss")
                .hasMessageContaining("target.remote: set, but target.mode is local");
    }

    @Test
    void a_meta_section_under_a_work_mode_that_reads_none_is_named() throws IOException {
        Path file = config(SEED + "meta:\n  mode: sqlite\n  sqliteFile: /db/meta.sqlite\n");

        assertThatThrownBy(() -> MigrationConfig.read(file, Map.of()))
                .isInstanceOf(JobFileException.class)
                .hasMessageEndingWith("meta: read for workMode milvus1x and milvus2x only; workMode faiss does not use it"
                        + " (remove it)");
    }

    @Test
    void a_missing_or_unknown_work_mode_is_named() throws IOException {
        assertThatThrownBy(() -> MigrationConfig.read(config("dumper: {worker: {workMode: elasticsearch}}\n"
                + "target: {mode: local, local: {outputDir: o}}\n"), Map.of()))
                .hasMessageContaining("dumper.worker.workMode: expected one of [faiss, milvus1x, milvus2x, hdf5, npy],"
                        + " found 'elasticsearch'");
        assertThatThrownBy(() -> MigrationConfig.read(config("target: {mode: local, local: {outputDir: o}}\n"),
                Map.of()))
                .hasMessageContaining("dumper.worker.workMode: required");
    }

    @Test
    void credentials_missing_from_the_file_come_from_the_environment() throws Exception {
        Path file = config(SEED.replace("    ak: minioadmin\n", "").replace("    sk: the-secret-key\n", "")
                .replace("    password: the-password\n", ""));

        MigrationJob job = MigrationConfig.read(file, Map.of(MigrationConfig.ENV_S3_ACCESS_KEY, "env-ak",
                "AWS_SECRET_ACCESS_KEY", "env-sk", MigrationConfig.ENV_TARGET_PASSWORD, "env-pw"));

        DumpStorage.Remote remote = (DumpStorage.Remote) job.storage();
        assertThat(remote.accessKey()).isEqualTo("env-ak");
        assertThat(remote.secretKey()).isEqualTo("env-sk");
        assertThat(job.destination().target().password()).isEqualTo("env-pw");
        assertThatThrownBy(() -> MigrationConfig.read(file, Map.of()))
                .hasMessageContaining("target.remote.ak: required unless useIAM is true");
    }

    @Test
    void a_local_target_without_milvus2x_loads_into_the_local_milvus() throws Exception {
        Path file = config("""
                dumper: {worker: {workMode: faiss, limit: 3}}
                loader: {worker: {limit: 4}, import: insert, timeout: 60}
                source: {mode: local, local: {faissFile: testfiles/faiss/faiss_ivf_flat.index}}
                target:
                  mode: local
                  local: {outputDir: dumps}
                  create: {collection: {name: c}}
                """);

        MigrationJob job = MigrationConfig.read(file, Map.of(LocalDefaults.ENV_HOME, dir.resolve("home").toString()));

        assertThat(job.storage()).isEqualTo(new DumpStorage.Local(dir.resolve("dumps"), null));
        assertThat(job.destination().isLocal()).isTrue();
        assertThat(job.destination().localDataDir()).isEqualTo(dir.resolve("home/milvus-data"));
        assertThat(job.loader()).isEqualTo(new MigrationJob.LoaderSettings(4, MigrationJob.ImportApi.INSERT, 60, true,
                MigrationJob.LoadMode.APPEND));
        assertThat(job.dumper().workers()).isEqualTo(3);
    }

    private Path milvus1xConfig(String meta) throws IOException {
        Files.createDirectories(dir.resolve("m1x/db/tables"));
        return config("""
                dumper: {worker: {workMode: milvus1x}}
                %s
                source: {mode: local, local: {tablesDir: m1x/db/tables}}
                target:
                  create: {collection: {name: coll}}
                  mode: local
                  local: {outputDir: out}
                """.formatted(meta));
    }

    @Test
    void milvus1x_meta_mode_mysql_reads_the_go_dsn_of_mysql_url() throws Exception {
        MigrationJob job = MigrationConfig.read(milvus1xConfig("meta: {mode: mysql, mysqlUrl:"
                + " 'milvus:pw@tcp(10.0.0.7:3306)/milvus?charset=utf8mb4&parseTime=True&loc=Local'}"), Map.of());

        MigrationSource.Milvus1x source = (MigrationSource.Milvus1x) job.source();
        assertThat(source.spec().meta()).isEqualTo(new Milvus1xMetaStore.MySql("10.0.0.7", 3306, "milvus", "pw",
                "milvus"));
        assertThat(source.spec().workPath()).isEqualTo(dir.resolve("m1x"));
        assertThat(source.spec().collection()).isEqualTo("coll");
    }

    @Test
    void a_mysql_url_without_password_takes_it_from_the_environment() throws Exception {
        MigrationJob job = MigrationConfig.read(milvus1xConfig("meta: {mode: mysql, mysqlUrl: 'milvus@tcp(db)/m'}"),
                Map.of("MILVUSDM_MYSQL_PASSWORD", "env-pw"));

        assertThat(((MigrationSource.Milvus1x) job.source()).spec().meta())
                .isEqualTo(new Milvus1xMetaStore.MySql("db", 3306, "milvus", "env-pw", "m"));
    }

    @Test
    void a_bad_mysql_url_is_named_by_its_key_path_with_the_password_masked() throws IOException {
        assertThatThrownBy(() -> MigrationConfig.read(milvus1xConfig(
                "meta: {mode: mysql, mysqlUrl: 'milvus:s3cret@tcp(db:3306)', sqliteFile: m1x/db/meta.sqlite}"),
                Map.of()))
                .isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "meta.sqliteFile: set, but meta.mode is mysql (which reads meta.mysqlUrl)",
                        "meta.mysqlUrl: expected a Go MySQL DSN user:password@tcp(host:port)/dbname, found"
                                + " 'milvus:***@tcp(db:3306)': no '/' before the database name"))
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MigrationConfig.read(milvus1xConfig("meta: {mode: mysql}"), Map.of()))
                .hasMessageContaining("meta.mysqlUrl: required for meta.mode mysql: user:password@tcp(host:port)/dbname");
        assertThatThrownBy(() -> MigrationConfig.read(milvus1xConfig("meta: {mode: mock, mockFile: m.json}"),
                Map.of()))
                .hasMessageContaining("meta.mode: milvusdm reads SQLite meta (mode: sqlite) or MySQL meta (mode:"
                        + " mysql); found 'mock'");
    }
}
