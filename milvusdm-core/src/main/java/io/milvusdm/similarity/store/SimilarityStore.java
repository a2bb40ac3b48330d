package io.milvusdm.similarity.store;

import io.milvusdm.similarity.dataset.Dataset;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded store of the similarity feature: datasets (samples, patches, stored vectors), index records and
 * the vectors of in-memory indexes, in one SQLite file that needs no server. Every method opens its own
 * connection and commits before it returns, so several processes may share the file.
 *
 * <p>Index records hold the index's configuration as JSON text written by the caller; the store never sees a
 * credential (the caller's record type has no field for one).
 */
public final class SimilarityStore {

    /** Environment variable naming the store file. */
    public static final String ENV_PATH = "MILVUSDM_SIMILARITY_DB";
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS datasets(name TEXT PRIMARY KEY, created TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS samples(dataset TEXT NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL,"
                + " filepath TEXT, metadata TEXT NOT NULL, PRIMARY KEY(dataset, id))",
        "CREATE TABLE IF NOT EXISTS patches(dataset TEXT NOT NULL, sample_id TEXT NOT NULL, field TEXT NOT NULL,"
                + " ord INTEGER NOT NULL, id TEXT NOT NULL, label TEXT, x REAL, y REAL, w REAL, h REAL,"
                + " attributes TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(dataset, id))",
        "CREATE TABLE IF NOT EXISTS vectors(dataset TEXT NOT NULL, owner TEXT NOT NULL, field TEXT NOT NULL,"
                + " data BLOB NOT NULL, PRIMARY KEY(dataset, owner, field))",
        "CREATE TABLE IF NOT EXISTS index_records(dataset TEXT NOT NULL, key TEXT NOT NULL, config TEXT NOT NULL,"
                + " created TEXT NOT NULL, PRIMARY KEY(dataset, key))",
        "CREATE TABLE IF NOT EXISTS index_vectors(dataset TEXT NOT NULL, key TEXT NOT NULL, pk TEXT NOT NULL,"
                + " sample_id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(dataset, key, pk))",
    };

    private final Path file;

    private SimilarityStore(Path file) {
        this.file = file;
    }

    /** The store in this file, created with its tables when missing. */
    public static SimilarityStore at(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        SimilarityStore store = new SimilarityStore(absolute);
        store.write(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            return null;
        });
        return store;
    }

    /** {@code $MILVUSDM_SIMILARITY_DB}, else {@code ~/.milvusdm/similarity.db}. */
    public static Path defaultPath(Map<String, String> environment) {
        String configured = environment.get(ENV_PATH);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".milvusdm", "similarity.db");
    }

    public Path file() {
        return file;
    }

    // ---- datasets ----

    /** Saves a dataset, replacing a stored one of the same name (its index records stay). */
    public void saveDataset(Dataset dataset) throws IOException {
        write(connection -> {
            DatasetTables.save(connection, dataset);
            return null;
        });
    }

    /** The stored dataset of this name, if any. */
    public Optional<Dataset> loadDataset(String name) throws IOException {
        return read(connection -> DatasetTables.load(connection, name));
    }

    public List<String> datasetNames() throws IOException {
        return read(connection -> {
            List<String> names = new ArrayList<>();
            try (Statement s = connection.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT name FROM datasets ORDER BY name");
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** Deletes a dataset with its index records and in-memory index vectors. */
    public void deleteDataset(String name) throws IOException {
        write(connection -> {
            DatasetTables.deleteRows(connection, name);
            for (String table : new String[] {"index_records", "index_vectors"}) {
                try (PreparedStatement d = connection.prepareStatement("DELETE FROM " + table + " WHERE dataset = ?")) {
                    d.setString(1, name);
                    d.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Writes one number into a sample's metadata (or a patch's attributes, when {@code patches} is true) under
     * {@code field}, for each id given: what {@code sortBySimilarity(..., distField)} leaves on the dataset.
     */
    public void writeField(String dataset, boolean patches, String field, Map<String, Double> values)
            throws IOException {
        checkField(field);
        String sql = patches
                ? "UPDATE patches SET attributes = json_set(attributes, '$." + field + "', ?) WHERE dataset = ? AND id = ?"
                : "UPDATE samples SET metadata = json_set(metadata, '$." + field + "', ?) WHERE dataset = ? AND id = ?";
        write(connection -> {
            try (PreparedStatement u = connection.prepareStatement(sql)) {
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    u.setDouble(1, e.getValue());
                    u.setString(2, dataset);
                    u.setString(3, e.getKey());
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    /** The values written by {@link #writeField}: id to number, for the ids that have one. */
    public Map<String, Double> readField(String dataset, boolean patches, String field) throws IOException {
        checkField(field);
        String sql = patches
                ? "SELECT id, json_extract(attributes, '$." + field + "') FROM patches WHERE dataset = ? ORDER BY ord"
                : "SELECT id, json_extract(metadata, '$." + field + "') FROM samples WHERE dataset = ? ORDER BY ord";
        return read(connection -> {
            Map<String, Double> values = new LinkedHashMap<>();
            try (PreparedStatement q = connection.prepareStatement(sql)) {
                q.setString(1, dataset);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    double value = rs.getDouble(2);
                    if (!rs.wasNull()) {
                        values.put(rs.getString(1), value);
                    }
                }
            }
            return values;
        });
    }

    /** Field names go into JSON paths, so they are restricted to identifiers. */
    public static String checkField(String field) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("'" + field + "' is not a field name: use letters, digits and _");
        }
        return field;
    }

    // ---- index records ----

    /** One stored index record: the index's configuration as JSON, never with credentials. */
    public record StoredRecord(String dataset, String key, String configJson, String created) {
    }

    /** Adds a record; false when the dataset already has one with this key. */
    public boolean insertRecord(String dataset, String key, String configJson) throws IOException {
        return write(connection -> {
            try (PreparedStatement i = connection.prepareStatement(
                    "INSERT OR IGNORE INTO index_records VALUES (?, ?, ?, ?)")) {
                i.setString(1, dataset);
                i.setString(2, key);
                i.setString(3, configJson);
                i.setString(4, Instant.now().toString());
                return i.executeUpdate() == 1;
            }
        });
    }

    public void updateRecord(String dataset, String key, String configJson) throws IOException {
        write(connection -> {
            try (PreparedStatement u = connection.prepareStatement(
                    "UPDATE index_records SET config = ? WHERE dataset = ? AND key = ?")) {
                u.setString(1, configJson);
                u.setString(2, dataset);
                u.setString(3, key);
                u.executeUpdate();
            }
            return null;
        });
    }

    public Optional<StoredRecord> record(String dataset, String key) throws IOException {
        return read(connection -> {
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT dataset, key, config, created FROM index_records WHERE dataset = ? AND key = ?")) {
                q.setString(1, dataset);
                q.setString(2, key);
                ResultSet rs = q.executeQuery();
                return rs.next() ? Optional.of(storedRecord(rs)) : Optional.empty();
            }
        });
    }

    /** The records of one dataset, or of all datasets when {@code dataset} is null, by dataset and key. */
    public List<StoredRecord> records(String dataset) throws IOException {
        return read(connection -> {
            String sql = "SELECT dataset, key, config, created FROM index_records"
                    + (dataset == null ? "" : " WHERE dataset = ?") + " ORDER BY dataset, key";
            try (PreparedStatement q = connection.prepareStatement(sql)) {
                if (dataset != null) {
                    q.setString(1, dataset);
                }
                ResultSet rs = q.executeQuery();
                List<StoredRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(storedRecord(rs));
                }
                return out;
            }
        });
    }

    private static StoredRecord storedRecord(ResultSet rs) throws SQLException {
        return new StoredRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    /** Renames a record (and its in-memory vectors); false when the old key is missing or the new one taken. */
    public boolean renameRecord(String dataset, String key, String newKey) throws IOException {
        return write(connection -> {
            try (PreparedStatement taken = connection.prepareStatement(
                    "SELECT 1 FROM index_records WHERE dataset = ? AND key = ?")) {
                taken.setString(1, dataset);
                taken.setString(2, newKey);
                if (taken.executeQuery().next()) {
                    return false;
                }
            }
            int renamed;
            try (PreparedStatement u = connection.prepareStatement(
                    "UPDATE index_records SET key = ? WHERE dataset = ? AND key = ?")) {
                u.setString(1, newKey);
                u.setString(2, dataset);
                u.setString(3, key);
                renamed = u.executeUpdate();
            }
            try (PreparedStatement u = connection.prepareStatement(
                    "UPDATE index_vectors SET key = ? WHERE dataset = ? AND key = ?")) {
                u.setString(1, newKey);
                u.setString(2, dataset);
                u.setString(3, key);
                u.executeUpdate();
            }
            return renamed == 1;
        });
    }

    /** Deletes a record and its in-memory vectors; false when there was none. */
    public boolean deleteRecord(String dataset, String key) throws IOException {
        return write(connection -> {
            deleteIndexVectors(connection, dataset, key);
            try (PreparedStatement d = connection.prepareStatement(
                    "DELETE FROM index_records WHERE dataset = ? AND key = ?")) {
                d.setString(1, dataset);
                d.setString(2, key);
                return d.executeUpdate() == 1;
            }
        });
    }

    // ---- vectors of in-memory indexes ----

    /** One row of an in-memory index. */
    public record IndexRow(String pk, String sampleId, float[] vector) {
    }

    public void upsertIndexRows(String dataset, String key, List<IndexRow> rows) throws IOException {
        write(connection -> {
            try (PreparedStatement u = connection.prepareStatement(
                    "INSERT OR REPLACE INTO index_vectors VALUES (?, ?, ?, ?, ?)")) {
                for (IndexRow row : rows) {
                    u.setString(1, dataset);
                    u.setString(2, key);
                    u.setString(3, row.pk());
                    u.setString(4, row.sampleId());
                    u.setBytes(5, FloatBlobs.encode(row.vector()));
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    public void deleteIndexRows(String dataset, String key, List<String> pks) throws IOException {
        write(connection -> {
            try (PreparedStatement d = connection.prepareStatement(
                    "DELETE FROM index_vectors WHERE dataset = ? AND key = ? AND pk = ?")) {
                for (String pk : pks) {
                    d.setString(1, dataset);
                    d.setString(2, key);
                    d.setString(3, pk);
                    d.addBatch();
                }
                d.executeBatch();
            }
            return null;
        });
    }

    public void deleteIndexRows(String dataset, String key) throws IOException {
        write(connection -> {
            deleteIndexVectors(connection, dataset, key);
            return null;
        });
    }

    private static void deleteIndexVectors(Connection connection, String dataset, String key) throws SQLException {
        try (PreparedStatement d = connection.prepareStatement(
                "DELETE FROM index_vectors WHERE dataset = ? AND key = ?")) {
            d.setString(1, dataset);
            d.setString(2, key);
            d.executeUpdate();
        }
    }

    /** Every row of one in-memory index, in insertion order. */
    public List<IndexRow> indexRows(String dataset, String key) throws IOException {
        return read(connection -> {
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT pk, sample_id, data FROM index_vectors WHERE dataset = ? AND key = ? ORDER BY rowid")) {
                q.setString(1, dataset);
                q.setString(2, key);
                ResultSet rs = q.executeQuery();
                List<IndexRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new IndexRow(rs.getString(1), rs.getString(2), FloatBlobs.decode(rs.getBytes(3))));
                }
                return rows;
            }
        });
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) throws IOException {
        try (Connection connection = connect()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private <T> T write(Work<T> work) throws IOException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private IOException failure(SQLException e) {
        return new IOException("Similarity store " + file + ": " + e.getMessage(), e);
    }
}
