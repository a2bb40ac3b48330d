package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.npy.NpySource;
import io.milvusdm.format.npy.NpySourceSpec;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milvusdm dump --config} of milvus-migration's {@code workMode: milvus1x} with {@code meta.mode: mysql}: the
 * meta of a Milvus 1.x directory read from a real MariaDB (scripts/mariadb-local, started by scripts/test,
 * {@code -Dmilvusdm.it.mysql.url} / {@code -Dmilvusdm.it.mysql.password.file}) through the Go DSN of
 * {@code meta.mysqlUrl}, the segment files from the directory; every row of every partition dumped bit for bit.
 */
class DumpMySqlMetaIT {

    private static final String DATABASE = "milvus_dsn";

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private static TestEnvironment.MySqlServer server;
    private static Path workPath;

    @BeforeAll
    static void loadMeta() {
        server = TestEnvironment.mysqlServer();
        TestEnvironment.runFixtureScript("milvus1x_fixtures.py", "--out", fixtures.toString(), "unique",
                "--mysql-host", server.host(), "--mysql-port", String.valueOf(server.port()), "--mysql-user",
                server.user(), "--mysql-password-file", server.passwordFile().toString(), "--mysql-database",
                DATABASE);
        workPath = fixtures.resolve("unique");
        // the MySQL meta is the only one: a dump that read db/meta.sqlite would fail
        try {
            Files.delete(workPath.resolve("db/meta.sqlite"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path config(String mysqlUrl) throws IOException {
        Path file = dir.resolve("migration.yaml");
        Files.writeString(file, """
                dumper:
                  worker: {workMode: milvus1x, limit: 2}
                  format: npy
                meta:
                  mode: mysql
                  mysqlUrl: '%s'
                source:
                  mode: local
                  local: {tablesDir: %s}
                target:
                  create: {collection: {name: uniq_f}}
                  mode: local
                  local: {outputDir: %s}
                """.formatted(mysqlUrl, workPath.resolve("db/tables"), dir.resolve("out")));
        return file;
    }

    private static String address() {
        return "tcp(" + server.host() + ":" + server.port() + ")/" + DATABASE + "_unique";
    }

    @Test
    void a_milvus1x_dump_reads_its_meta_from_mysql_through_the_go_dsn() throws IOException {
        // the password from the environment, as a DSN without one takes it: it stays out of the file
        Path file = config(server.user() + "@" + address() + "?charset=utf8mb4&parseTime=True&loc=Local");

        CliRun dump = CliRun.run(Map.of("MILVUSDM_MYSQL_PASSWORD", server.password()), "dump", "--config",
                file.toString(), "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dump.out()).contains("milvus 1.x collection 'uniq_f'");
        assertThat(dump.out() + dump.err()).doesNotContain(server.password());
        Map<Long, String> expected = new HashMap<>();
        for (String tag : List.of("_default", "p1", "p2")) {
            Milvus1xExpected rows = Milvus1xExpected.load(workPath, "uniq_f", tag);
            put(expected, rows);
        }
        Map<Long, String> dumped = new HashMap<>();
        put(dumped, Milvus1xExpected.read(NpySource.open(new NpySourceSpec(chunks(dir.resolve("out/migration/uniq_f")),
                false))));
        assertThat(dumped).hasSize(447 + 68 + 30).isEqualTo(expected);

        CliRun again = CliRun.run(Map.of("MILVUSDM_MYSQL_PASSWORD", server.password()), "dump", "--config",
                file.toString(), "--no-progress");

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("dump skipped: ", "already holds a complete dump of milvus 1.x collection"
                + " 'uniq_f'");
    }

    @Test
    void a_refused_login_names_the_server_and_database_never_the_password() throws IOException {
        String wrong = "not-" + server.password();
        Path file = config(server.user() + ":" + wrong + "@" + address());

        CliRun dump = CliRun.run(Map.of(), "dump", "--config", file.toString(), "--no-progress");

        assertThat(dump.exitCode()).as(dump.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(dump.err()).contains("cannot connect to the Milvus 1.x MySQL meta at " + server.host() + ":"
                + server.port() + "/" + DATABASE + "_unique", "Access denied");
        assertThat(dump.out() + dump.err()).doesNotContain(wrong).doesNotContain(server.password());
    }

    private static List<NpySourceSpec.NpyFiles> chunks(Path folder) throws IOException {
        List<NpySourceSpec.NpyFiles> chunks = new ArrayList<>();
        try (var listing = Files.list(folder)) {
            listing.filter(Files::isDirectory).sorted().forEach(chunk -> chunks.add(
                    new NpySourceSpec.NpyFiles(chunk.resolve("data.npy"), chunk.resolve("id.npy"))));
        }
        return chunks;
    }

    /** id → the row's vector bytes, hex: rows compared as a set, whatever order the partitions were dumped in. */
    private static void put(Map<Long, String> rows, Milvus1xExpected expected) {
        int rowBytes = expected.vectors().length / expected.ids().length;
        for (int i = 0; i < expected.ids().length; i++) {
            byte[] row = Arrays.copyOfRange(expected.vectors(), i * rowBytes, (i + 1) * rowBytes);
            assertThat(rows.put(expected.ids()[i], java.util.HexFormat.of().formatHex(row))).isNull();
        }
    }
}
