package io.milvusdm.job;

import io.milvusdm.milvus.WriteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeJobFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void reads_every_key() throws Exception {
        Path file = write("""
                version: 1
                source:
                  uri: http://127.0.0.1:19530
                  db: shop
                  token_env: SRC_TOKEN
                target:
                  uri: ./copy.db
                  user: bob
                  password_env: DST_PASSWORD
                collections:
                  include: ["coll_*", "default.books"]
                  exclude: ["*_tmp"]
                  mode: skip
                  rules:
                    - match: coll_a
                      to: archive.a
                      filter: 'year >= 2000 and title like "a%"'
                      mode: overwrite
                      partitions: [p1, _default]
                      partition_modes: {p1: upsert}
                    - match: "default.*"
                      merge_partitions: true
                run:
                  workers: 3
                  batch_bytes: 4MB
                """);
        List<String> warnings = new ArrayList<>();

        MilvusCopyJob job = NativeJobFile.read(file, Map.of("SRC_TOKEN", "root:secret", "DST_PASSWORD", "pw"), warnings::add);

        assertThat(warnings).isEmpty();
        assertThat(job.source().target().uri()).isEqualTo("http://127.0.0.1:19530");
        assertThat(job.source().target().token()).isEqualTo("root:secret");
        assertThat(job.source().target().dbName()).isEqualTo("shop");
        assertThat(job.target().isLocal()).isTrue();
        assertThat(job.target().localDataDir()).isEqualTo(dir.resolve("copy.db"));
        assertThat(job.target().target().user()).isEqualTo("bob");
        assertThat(job.target().target().password()).isEqualTo("pw");
        assertThat(job.include()).extracting(NamePattern::database, NamePattern::collection)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop", "coll_*"),
                        org.assertj.core.groups.Tuple.tuple("default", "books"));
        assertThat(job.exclude().get(0).matches("shop", "coll_tmp")).isTrue();
        assertThat(job.mode()).isEqualTo(WriteMode.SKIP);
        CollectionRule a = job.ruleFor("shop", "coll_a");
        assertThat(a.to()).isEqualTo("archive.a");
        assertThat(a.filter()).isEqualTo("year >= 2000 and title like \"a%\"");
        assertThat(a.mode()).isEqualTo(WriteMode.OVERWRITE);
        assertThat(a.partitions()).containsExactly("p1", "_default");
        assertThat(a.partitionModes()).containsEntry("p1", WriteMode.UPSERT);
        assertThat(job.ruleFor("default", "books").mergePartitions()).isTrue();
        assertThat(job.ruleFor("shop", "coll_b").to()).isNull();
        assertThat(job.workers()).isEqualTo(3);
        assertThat(job.batchBytes()).isEqualTo(4L << 20);
    }

    @Test
    void reports_every_problem_at_once_without_secrets() throws Exception {
        Path file = write("""
                source:
                  uri: http://127.0.0.1:19530
                  token: s3cret-token
                  user: alice
                  password_env: NOT_SET
                target: {}
                collections:
                  mode: sideways
                  rules:
                    - to: "x_*"
                  colour: blue
                """);
        List<String> warnings = new ArrayList<>();

        assertThatThrownBy(() -> NativeJobFile.read(file, Map.of(), warnings::add))
                .isInstanceOf(JobFileException.class)
                .hasMessageContaining("source.password_env: environment variable NOT_SET is not set")
                .hasMessageContaining("source.token: give either a token or user/password, not both")
                .hasMessageContaining("target.uri: required")
                .hasMessageContaining("collections.include: required")
                .hasMessageContaining("collections.mode: expected one of skip, append, overwrite, upsert, found 'sideways'")
                .hasMessageContaining("collections.rules[0].match: required")
                .hasMessageContaining("collections.rules[0].to: a target name has no wildcards")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThat(warnings).contains("unknown key collections.colour is ignored");
    }

    @Test
    void patterns_match_databases_and_collections_with_wildcards() {
        NamePattern any = NamePattern.parse("db.*", "default");
        assertThat(any.matches("db", "x")).isTrue();
        assertThat(any.matches("db2", "x")).isFalse();
        assertThat(any.exact()).isFalse();
        NamePattern bare = NamePattern.parse("coll_?", "default");
        assertThat(bare.matches("default", "coll_1")).isTrue();
        assertThat(bare.matches("default", "coll_12")).isFalse();
        assertThat(NamePattern.parse("a.b", "x").exact()).isTrue();
        // regex characters in names are literal
        assertThat(NamePattern.parse("default.a+b", "x").matches("default", "aab")).isFalse();
    }
}
