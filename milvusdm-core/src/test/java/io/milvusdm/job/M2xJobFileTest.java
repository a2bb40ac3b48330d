package io.milvusdm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.format.milvus1x.DuplicateIds;
import io.milvusdm.format.milvus1x.Milvus1xMetaStore;
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

/** MilvusDM's M2H and M2M job files: every key, several collections, a MySQL meta, collected errors. */
class M2xJobFileTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void milvusWorkPath() throws IOException {
        Files.createDirectories(dir.resolve("milvus/db"));
        Files.writeString(dir.resolve("milvus/db/meta.sqlite"), "");
    }

    private Path job(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private M2hJob m2h(String yaml) throws Exception {
        return MilvusDmJobFile.readM2h(job("M2H.yaml", yaml), Map.of(), warnings::add);
    }

    private M2mJob m2m(String yaml) throws Exception {
        return MilvusDmJobFile.readM2m(job("M2M.yaml", yaml), Map.of(), warnings::add);
    }

    @Test
    void reads_the_seed_m2h_file_with_every_collection_it_names() throws Exception {
        M2hJob job = m2h("""
                M2H:
                  milvus_version: 1.0.0
                  source_milvus_path: milvus
                  mysql_parameter:
                  source_collection:
                    test:
                      - partition_1
                      - partition_2
                    other: []
                    third:
                  data_dir: out
                """);
        assertThat(job.source().workPath()).isEqualTo(dir.resolve("milvus"));
        assertThat(job.source().collections()).containsExactly(
                Map.entry("test", List.of("partition_1", "partition_2")), Map.entry("other", List.of()),
                Map.entry("third", List.of()));
        assertThat(job.source().specs()).extracting(s -> s.collection()).containsExactly("test", "other", "third");
        assertThat(job.dataDir()).isEqualTo(dir.resolve("out"));
        assertThat(job.mode()).isEqualTo(Hdf5WriteSpec.Mode.OVERWRITE);
        assertThat(job.jobFile()).isEqualTo(dir.resolve("M2H.yaml"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void m2h_takes_the_hyphen_spelling_an_empty_mapping_for_sqlite_skip_mode_and_warns_of_unknown_keys()
            throws Exception {
        M2hJob job = m2h("""
                M2H:
                  milvus-version: 0.10.3
                  source_milvus_path: %s
                  mysql_parameter: {}
                  source_collection: {test: partition_1}
                  data_dir: %s
                  mode: skip
                  colour: blue
                """.formatted(dir.resolve("milvus"), dir.resolve("abs")));
        assertThat(job.source().collections()).containsExactly(Map.entry("test", List.of("partition_1")));
        assertThat(job.dataDir()).isEqualTo(dir.resolve("abs"));
        assertThat(job.mode()).isEqualTo(Hdf5WriteSpec.Mode.SKIP);
        assertThat(warnings).containsExactly("unknown key M2H.colour is ignored");
    }

    @Test
    void m2h_mode_append_writes_the_file_whole_with_a_warning() throws Exception {
        M2hJob job = m2h("""
                M2H:
                  source_milvus_path: milvus
                  mysql_parameter: ''
                  source_collection: {test: []}
                  data_dir: out
                  mode: append
                """);
        assertThat(job.mode()).isEqualTo(Hdf5WriteSpec.Mode.OVERWRITE);
        assertThat(warnings).singleElement().asString().contains("M2H.mode", "'append'", "as overwrite");
    }

    @Test
    void reads_the_seed_m2m_file_target_names_come_from_the_source() throws Exception {
        M2mJob job = m2m("""
                M2M:
                  milvus_version: 2.0.0
                  source_milvus_path: 'milvus'
                  mysql_parameter:
                  source_collection:
                    test:
                      - partition_1
                    more: []
                  dest_host: '127.0.0.1'
                  dest_port: 19595
                  mode: 'skip'
                  workers: 3
                  batch_bytes: 16KB
                """);
        assertThat(job.source().collections()).containsOnlyKeys("test", "more");
        MilvusJobTarget target = job.target();
        assertThat(target.collection()).isNull();
        assertThat(target.partition()).isNull();
        assertThat(target.mode()).isEqualTo(WriteMode.SKIP);
        assertThat(target.destination().target().uri()).isEqualTo("http://127.0.0.1:19595");
        assertThat(target.workers()).isEqualTo(3);
        assertThat(target.batchBytes()).isEqualTo(16 * 1024);
        MilvusJobTarget unit = target.forUnit("test", "partition_1");
        assertThat(unit.collection()).isEqualTo("test");
        assertThat(unit.partition()).isEqualTo("partition_1");
        assertThat(unit.mode()).isEqualTo(WriteMode.SKIP);
        assertThat(unit.describe()).isEqualTo("collection 'test' partition 'partition_1' on http://127.0.0.1:19595");
        assertThat(warnings).isEmpty();
    }

    @Test
    void m2m_reports_dest_collection_name_as_an_unknown_key() throws Exception {
        m2m("""
                M2M:
                  source_milvus_path: milvus
                  mysql_parameter:
                  source_collection: {test: []}
                  dest_uri: http://127.0.0.1:19595
                  mode: append
                  dest_collection_name: elsewhere
                """);
        assertThat(warnings).containsExactly("unknown key M2M.dest_collection_name is ignored");
    }

    @Test
    void mysql_parameter_names_a_mysql_meta_without_showing_its_password() throws Exception {
        M2mJob job = m2m("""
                M2M:
                  source_milvus_path: milvus
                  mysql_parameter: {host: 127.0.0.1, user: root, port: 3306, password: s3cret-pw, database: milvus}
                  source_collection: {test: []}
                  duplicate_ids: keep_last
                  dest_host: 127.0.0.1
                  dest_port: 19530
                  mode: append
                """);
        assertThat(job.source().meta()).isEqualTo(
                new Milvus1xMetaStore.MySql("127.0.0.1", 3306, "root", "s3cret-pw", "milvus"));
        assertThat(job.source().meta().describe()).isEqualTo("MySQL meta root@127.0.0.1:3306/milvus");
        assertThat(job.source().meta().toString()).doesNotContain("s3cret-pw");
        assertThat(job.source().duplicates()).isEqualTo(DuplicateIds.KEEP_LAST);
        assertThat(job.source().specs()).allSatisfy(spec -> assertThat(spec.meta()).isEqualTo(job.source().meta()));
        assertThat(warnings).isEmpty();
    }

    @Test
    void mysql_parameter_problems_name_their_keys() {
        assertThatThrownBy(() -> m2m("""
                M2M:
                  source_milvus_path: milvus
                  mysql_parameter: {host: 127.0.0.1, port: http, password: x, schema: milvus}
                  source_collection: {test: []}
                  duplicate_ids: newest
                  dest_host: 127.0.0.1
                  dest_port: 19530
                  mode: append
                """)).isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "M2M.mysql_parameter.port: expected an integer, found 'http'",
                        "M2M.mysql_parameter.user: required for a MySQL meta; leave mysql_parameter empty to read"
                                + " db/meta.sqlite",
                        "M2M.mysql_parameter.database: required for a MySQL meta; leave mysql_parameter empty to"
                                + " read db/meta.sqlite",
                        "M2M.mysql_parameter: unknown key M2M.mysql_parameter.schema; expected host, user, port,"
                                + " password, database",
                        "M2M.duplicate_ids: expected refuse, keep_first, keep_last or keep_all, found 'newest'"));
    }

    @Test
    void a_missing_mysql_password_comes_from_the_environment() throws Exception {
        Path file = job("M2M.yaml", """
                M2M:
                  source_milvus_path: milvus
                  mysql_parameter: {host: db.local, user: milvus, port: 3306, database: meta}
                  source_collection: {test: []}
                  dest_host: 127.0.0.1
                  dest_port: 19530
                  mode: append
                """);
        M2mJob job = MilvusDmJobFile.readM2m(file, Map.of("MILVUSDM_MYSQL_PASSWORD", "from-env"),
                warnings::add);
        assertThat(((Milvus1xMetaStore.MySql) job.source().meta()).password()).isEqualTo("from-env");
        assertThat(job.source().duplicates()).isEqualTo(DuplicateIds.REFUSE);
    }

    @Test
    void every_problem_is_collected_at_once() {
        assertThatThrownBy(() -> m2m("""
                M2M:
                  mysql_parameter: 3
                  source_collection: [test]
                  dest_port: 19530
                  mode: merge
                """)).isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "M2M.source_milvus_path: required: the Milvus 0.10/1.x work path, the directory holding db/",
                        "M2M.mysql_parameter: expected '' (SQLite meta) or a mapping of host, user, port, password,"
                                + " database, found '3'",
                        "M2M.source_collection: expected a mapping of collection to a list of partition tags, found"
                                + " a list",
                        "M2M.dest_port: dest_port without dest_host; name the host too",
                        "M2M.mode: expected one of skip, append, overwrite, upsert, found 'merge'"));
    }

    @Test
    void m2h_problems_name_their_keys() {
        assertThatThrownBy(() -> m2h("""
                M2H:
                  source_milvus_path: nowhere
                  mysql_parameter:
                  source_collection: {test: [p1, p1], other: [{a: 1}]}
                  mode: sometimes
                """)).isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "M2H.source_milvus_path: expected the SQLite meta at "
                                + dir.resolve("nowhere/db/meta.sqlite") + ", found no such file",
                        "M2H.source_collection.test: partition tag 'p1' is listed twice",
                        "M2H.source_collection.other: expected a list of partition tags, found an element a mapping",
                        "M2H.data_dir: required: the directory the <collection>/<partition>.h5 files go into",
                        "M2H.mode: expected skip or overwrite, found 'sometimes'"));
    }

    @Test
    void source_collection_is_required_and_not_empty() {
        assertThatThrownBy(() -> m2h("""
                M2H:
                  source_milvus_path: milvus
                  mysql_parameter:
                  source_collection: {}
                  data_dir: out
                """)).hasMessageContaining("M2H.source_collection: expected a mapping of collection to a list of"
                + " partition tags, found an empty mapping");
        assertThatThrownBy(() -> m2h("M2H:\n  source_milvus_path: milvus\n  data_dir: out\n"))
                .hasMessageContaining("M2H.source_collection: required");
    }

    @Test
    void a_task_read_as_another_is_refused() {
        assertThatThrownBy(() -> MilvusDmJobFile.readM2m(job("M2H.yaml", "M2H:\n  data_dir: x\n"), Map.of(),
                warnings::add)).hasMessageContaining("expected a M2M job, found M2H");
    }
}
