package io.milvusdm.format.milvus1x;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a Milvus 0.10/1.x deployment keeps its meta: the SQLite file under its work path, or a MySQL database
 * (Milvus 1.x's {@code general.meta_uri = mysql://...}), which holds the same {@code Tables} and
 * {@code TableFiles}.
 */
public sealed interface Milvus1xMetaStore {

    /** How errors name the meta: the file, or {@code MySQL meta user@host:port/database} (never the password). */
    String describe();

    /** {@code <workPath>/db/meta.sqlite}. */
    static Milvus1xMetaStore sqliteUnder(Path workPath) {
        return new Sqlite(workPath.resolve("db").resolve("meta.sqlite"));
    }

    /** The SQLite meta file. */
    record Sqlite(Path file) implements Milvus1xMetaStore {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String describe() {
            return file.toString();
        }
    }

    /**
     * A MySQL (or MariaDB) meta, as MilvusDM's {@code mysql_parameter} names it.
     *
     * @param password never printed: {@link #toString()} and {@link #describe()} leave it out
     */
    record MySql(String host, int port, String user, String password, String database) implements Milvus1xMetaStore {
        public MySql {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(database, "database");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("MySQL port must be 1..65535, got " + port);
            }
        }

        @Override
        public String describe() {
            return "MySQL meta " + user + "@" + host + ":" + port + "/" + database;
        }

        /** The JDBC URL; the credentials travel as connection properties, not in it. */
        String jdbcUrl() {
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return "jdbc:mariadb://" + h + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "MySql[" + user + "@" + host + ":" + port + "/" + database + ", password=" + (password == null
                    ? "none" : "***") + "]";
        }
    }
}
