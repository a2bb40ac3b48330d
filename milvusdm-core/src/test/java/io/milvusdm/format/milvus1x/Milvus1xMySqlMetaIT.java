package io.milvusdm.format.milvus1x;

import io.milvusdm.testing.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same Milvus 1.x directories read with their SQLite meta and with the same tables loaded into a real
 * MariaDB (scripts/mariadb-local, started by scripts/test): the same partitions, segments and rows; the same
 * refusals; and connection failures that name host:port/database, never the password.
 */
class Milvus1xMySqlMetaIT {

    private static final String DATABASE = "milvus_it";

    @TempDir
    static Path root;
    static TestEnvironment.MySqlServer server;

    @BeforeAll
    static void loadFixtures() {
        server = TestEnvironment.mysqlServer();
        TestEnvironment.runFixtureScript("milvus1x_fixtures.py", "--out", root.toString(), "valid", "dupes",
                "--mysql-host", server.host(), "--mysql-port", String.valueOf(server.port()), "--mysql-user",
                server.user(), "--mysql-password-file", server.passwordFile().toString(), "--mysql-database",
                DATABASE);
    }

    private static Milvus1xMetaStore.MySql meta(String caseName) {
        return new Milvus1xMetaStore.MySql(server.host(), server.port(), server.user(), server.password(),
                DATABASE + "_" + caseName);
    }

    private static Milvus1xSourceSpec spec(String caseName, String collection, DuplicateIds duplicates,
                                           String... tags) {
        return new Milvus1xSourceSpec(root.resolve(caseName), meta(caseName), collection, List.of(tags), duplicates);
    }

    @Test
    void theMySqlMetaReadsTheSameRowsAsTheSqliteMeta() throws IOException {
        for (String collection : List.of("coll_f", "coll_b")) {
            Milvus1xSourceSpec mysql = spec("valid", collection, DuplicateIds.KEEP_ALL);
            Milvus1xSourceSpec sqlite = Milvus1xSourceSpec.of(root.resolve("valid"), collection)
                    .withDuplicates(DuplicateIds.KEEP_ALL);
            try (Milvus1xSource fromMysql = Milvus1xSource.open(mysql);
                 Milvus1xSource fromSqlite = Milvus1xSource.open(sqlite)) {
                assertThat(fromMysql.partitions()).isEqualTo(fromSqlite.partitions());
                assertThat(fromMysql.schema()).isEqualTo(fromSqlite.schema());
                assertThat(fromMysql.splits(1 << 12)).isEqualTo(fromSqlite.splits(1 << 12));
                Map<String, Milvus1xFixtures.Rows> rows = Milvus1xFixtures.readAll(fromMysql, 1 << 12, 1 << 10);
                for (String tag : rows.keySet()) {
                    assertThat(rows.get(tag).vectors().toByteArray()).as("%s/%s", collection, tag)
                            .isEqualTo(Milvus1xFixtures.vectors(root.resolve("valid"), collection, tag));
                    assertThat(rows.get(tag).idArray())
                            .isEqualTo(Milvus1xFixtures.ids(root.resolve("valid"), collection, tag));
                }
            }
        }
    }

    @Test
    void repeatedIdsAreRefusedThroughMySqlToo() {
        assertThatThrownBy(() -> Milvus1xSource.open(spec("dupes", "dup_f", DuplicateIds.REFUSE)))
                .isInstanceOf(DuplicateIdsException.class)
                .hasMessageStartingWith("collection 'dup_f' (partitions _default, p1): 3 ids occur more than once");
    }

    @Test
    void unknownCollectionAndPartitionNameTheMeta() {
        String where = "(MySQL meta " + server.user() + "@" + server.host() + ":" + server.port() + "/"
                + DATABASE + "_valid)";
        assertThatThrownBy(() -> Milvus1xSource.open(spec("valid", "nope", DuplicateIds.REFUSE)))
                .isInstanceOf(MetaException.class)
                .hasMessage("no collection 'nope' in the Milvus 1.x meta; collections: coll_b, coll_f, coll_t "
                        + where);
        assertThatThrownBy(() -> Milvus1xSource.open(spec("valid", "coll_f", DuplicateIds.KEEP_ALL, "p9")))
                .isInstanceOf(MetaException.class)
                .hasMessage("no partition 'p9' in collection 'coll_f'; partitions: _default, p1, p2 " + where);
    }

    @Test
    void aBadPasswordNamesTheServerNotThePassword() {
        String wrong = "wrong-" + server.password();
        Milvus1xMetaStore.MySql meta = new Milvus1xMetaStore.MySql(server.host(), server.port(), server.user(),
                wrong, DATABASE + "_valid");
        assertThatThrownBy(() -> Milvus1xSource.open(new Milvus1xSourceSpec(root.resolve("valid"), meta, "coll_f",
                List.of(), DuplicateIds.KEEP_ALL)))
                .isInstanceOf(MetaException.class)
                .hasMessageStartingWith("cannot connect to the Milvus 1.x MySQL meta at " + server.host() + ":"
                        + server.port() + "/" + DATABASE + "_valid: ")
                .hasMessageContaining("Access denied")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(server.password())
                .hasNoCause();
    }

    @Test
    void anUnreachableServerIsNamed() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Milvus1xMetaStore.MySql meta = new Milvus1xMetaStore.MySql("127.0.0.1", closed, "milvus", "pw-123456",
                "milvus");
        assertThatThrownBy(() -> Milvus1xSource.open(new Milvus1xSourceSpec(root.resolve("valid"), meta, "coll_f",
                List.of(), DuplicateIds.KEEP_ALL)))
                .isInstanceOf(MetaException.class)
                .hasMessageStartingWith("cannot connect to the Milvus 1.x MySQL meta at 127.0.0.1:" + closed + "/milvus: ")
                .hasMessageEndingWith("(MySQL meta milvus@127.0.0.1:" + closed + "/milvus)")
                .hasMessageNotContaining("pw-123456");
    }
}
