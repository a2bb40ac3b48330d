package io.milvusdm.similarity.store;

import io.milvusdm.similarity.dataset.Dataset;
import io.milvusdm.similarity.dataset.Patch;
import io.milvusdm.similarity.dataset.Sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dataset tables of the store ({@code datasets}, {@code samples}, {@code patches}, {@code vectors}). */
final class DatasetTables {

    private static final int BATCH = 1000;

    private DatasetTables() {
    }

    static void save(Connection connection, Dataset dataset) throws SQLException {
        deleteRows(connection, dataset.name());
        try (PreparedStatement ds = connection.prepareStatement("INSERT INTO datasets VALUES (?, ?)");
             PreparedStatement sample = connection.prepareStatement("INSERT INTO samples VALUES (?, ?, ?, ?, ?)");
             PreparedStatement patch = connection.prepareStatement(
                     "INSERT INTO patches(dataset, sample_id, field, ord, id, label, x, y, w, h)"
                             + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement vector = connection.prepareStatement("INSERT INTO vectors VALUES (?, ?, ?, ?)")) {
            ds.setString(1, dataset.name());
            ds.setString(2, Instant.now().toString());
            ds.executeUpdate();
            int ord = 0;
            int patchOrd = 0;
            for (Sample s : dataset.samples()) {
                sample.setString(1, dataset.name());
                sample.setInt(2, ord++);
                sample.setString(3, s.id());
                sample.setString(4, s.filepath());
                sample.setString(5, s.metadataJson());
                sample.addBatch();
                addVectors(vector, dataset.name(), s.id(), s.vectors());
                for (Map.Entry<String, List<Patch>> field : s.patches().entrySet()) {
                    for (Patch p : field.getValue()) {
                        double[] box = p.box();
                        patch.setString(1, dataset.name());
                        patch.setString(2, s.id());
                        patch.setString(3, field.getKey());
                        patch.setInt(4, patchOrd++);
                        patch.setString(5, p.id());
                        patch.setString(6, p.label());
                        for (int i = 0; i < 4; i++) {
                            patch.setDouble(7 + i, box[i]);
                        }
                        patch.addBatch();
                        addVectors(vector, dataset.name(), p.id(), p.vectors());
                    }
                }
                if (ord % BATCH == 0) {
                    sample.executeBatch();
                    patch.executeBatch();
                    vector.executeBatch();
                }
            }
            sample.executeBatch();
            patch.executeBatch();
            vector.executeBatch();
        }
    }

    private static void addVectors(PreparedStatement vector, String dataset, String owner, Map<String, float[]> vectors)
            throws SQLException {
        for (Map.Entry<String, float[]> v : vectors.entrySet()) {
            vector.setString(1, dataset);
            vector.setString(2, owner);
            vector.setString(3, v.getKey());
            vector.setBytes(4, FloatBlobs.encode(v.getValue()));
            vector.addBatch();
        }
    }

    static Optional<Dataset> load(Connection connection, String name) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM datasets WHERE name = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                return Optional.empty();
            }
        }
        Map<String, Map<String, float[]>> vectors = new LinkedHashMap<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT owner, field, data FROM vectors WHERE dataset = ?")) {
            q.setString(1, name);
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                vectors.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), FloatBlobs.decode(rs.getBytes(3)));
            }
        }
        Map<String, Map<String, List<Patch>>> patches = new LinkedHashMap<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT sample_id, field, id, label, x, y, w, h FROM patches WHERE dataset = ? ORDER BY ord")) {
            q.setString(1, name);
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String id = rs.getString(3);
                Patch patch = new Patch(id, rs.getString(4),
                        new double[] {rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)},
                        vectors.getOrDefault(id, Map.of()));
                patches.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(patch);
            }
        }
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT id, filepath, metadata FROM samples WHERE dataset = ? ORDER BY ord")) {
            q.setString(1, name);
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String id = rs.getString(1);
                samples.add(new Sample(id, rs.getString(2), rs.getString(3), patches.getOrDefault(id, Map.of()),
                        vectors.getOrDefault(id, Map.of())));
            }
        }
        return Optional.of(Dataset.of(name, samples));
    }

    static void deleteRows(Connection connection, String name) throws SQLException {
        for (String sql : new String[] {"DELETE FROM datasets WHERE name = ?", "DELETE FROM samples WHERE dataset = ?",
            "DELETE FROM patches WHERE dataset = ?", "DELETE FROM vectors WHERE dataset = ?"}) {
            try (PreparedStatement d = connection.prepareStatement(sql)) {
                d.setString(1, name);
                d.executeUpdate();
            }
        }
    }
}
