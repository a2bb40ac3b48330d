package io.milvusdm.milvus;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the target collection must look like for a job: an {@code id} primary key and an {@code embedding} vector
 * field, as MilvusDM creates them (or the names the job gives), the source's scalar fields, and the metric its
 * index uses.
 *
 * @param vectorType the embedding's type
 * @param dimension the embedding's dimension (bits for binary vectors)
 * @param keyKind INT64 or VARCHAR keys
 * @param autoId whether the collection generates the keys
 * @param metric L2, IP, COSINE (float types) or HAMMING, JACCARD (binary); null without vectors
 * @param scalarFields the source's scalar fields, created as declared (VARCHAR max length, nullability)
 * @param keyField the primary key's name: {@code id}, the job's, or the template's
 * @param vectorField the name of the field the batches' vectors fill: {@code embedding}, or the template's first
 *     dense vector field; null when the source has none ({@link VectorType#NONE}, Milvus to Milvus only)
 * @param template the source collection to create the target as (Milvus to Milvus), or null for MilvusDM's layout
 * @param shardsNum shards of a created collection, or null for the server's default
 */
record CollectionSpec(VectorType vectorType, int dimension, KeyKind keyKind, boolean autoId, String metric,
                      List<ScalarField> scalarFields, String keyField, String vectorField, CollectionTemplate template,
                      Integer shardsNum) {

    static final String KEY_FIELD = MilvusSinkSpec.DEFAULT_KEY_FIELD;
    static final String VECTOR_FIELD = "embedding";
    /** Milvus's default and the bound MilvusDM never needed more than: VARCHAR keys up to this many bytes. */
    static final int VARCHAR_KEY_MAX_LENGTH = 65_535;

    private static final Set<String> FLOAT_METRICS = Set.of("L2", "IP", "COSINE");
    private static final Set<String> BINARY_METRICS = Set.of("HAMMING", "JACCARD");
    private static final Set<String> DROPPED_METRICS = Set.of("TANIMOTO", "SUBSTRUCTURE", "SUPERSTRUCTURE");

    CollectionSpec {
        scalarFields = List.copyOf(scalarFields);
    }

    /** A job with the server's default shards. */
    CollectionSpec(VectorType vectorType, int dimension, KeyKind keyKind, boolean autoId, String metric,
                   List<ScalarField> scalarFields, String keyField, String vectorField, CollectionTemplate template) {
        this(vectorType, dimension, keyKind, autoId, metric, scalarFields, keyField, vectorField, template, null);
    }

    /** A job without scalar fields. */
    CollectionSpec(VectorType vectorType, int dimension, KeyKind keyKind, boolean autoId, String metric) {
        this(vectorType, dimension, keyKind, autoId, metric, List.of());
    }

    /** A job in MilvusDM's layout: {@code id} and {@code embedding}, then the scalar fields. */
    CollectionSpec(VectorType vectorType, int dimension, KeyKind keyKind, boolean autoId, String metric,
                   List<ScalarField> scalarFields) {
        this(vectorType, dimension, keyKind, autoId, metric, scalarFields, KEY_FIELD, VECTOR_FIELD, null);
    }

    /**
     * Resolves the job's settings against the source, before anything is sent to the server.
     *
     * @throws SinkSpecException when the metric is unknown or does not fit the vector type, the declared
     *     dimension differs from the source's, keys are needed and the source has none, or a scalar field
     *     of the source is named like the key or vector field
     */
    static CollectionSpec resolve(MilvusSinkSpec spec, SourceSchema source) throws SinkSpecException {
        if (spec.template() != null) {
            return fromTemplate(spec, source);
        }
        String withoutVectors = source.withoutVectorsMessage("collection '" + spec.collection() + "' in MilvusDM's "
                + "layout holds one vector a row");
        if (withoutVectors != null) {
            throw new SinkSpecException(withoutVectors);
        }
        if (spec.dimension() != null && spec.dimension() != source.dimension()) {
            throw new SinkSpecException("The job declares dimension " + spec.dimension() + " for collection '"
                    + spec.collection() + "' but the source's vectors have dimension " + source.dimension());
        }
        boolean binary = source.vectorType() == VectorType.BINARY_VECTOR;
        // a source that records its metric (a Faiss index) decides it; binary indexes record none, Hamming is implied
        if (spec.metricType() != null && source.metric().isPresent() && !binary
                && !spec.metricType().trim().equalsIgnoreCase(source.metric().get())) {
            throw new SinkSpecException("The job's metric_type " + spec.metricType().trim().toUpperCase(Locale.ROOT)
                    + " for collection '" + spec.collection() + "' disagrees with the source's metric "
                    + source.metric().get() + "; leave metric_type out to take the source's");
        }
        String metric = spec.metricType() != null ? spec.metricType()
                : source.metric().orElse(binary ? "HAMMING" : "L2");
        metric = metric.trim().toUpperCase(Locale.ROOT);
        if (DROPPED_METRICS.contains(metric)) {
            throw new SinkSpecException("Metric " + metric + " does not exist in Milvus 2.x (it was dropped after "
                    + "Milvus 1.x); for binary vectors use HAMMING or JACCARD");
        }
        Set<String> allowed = binary ? BINARY_METRICS : FLOAT_METRICS;
        if (!allowed.contains(metric)) {
            throw new SinkSpecException("Metric " + metric + " does not fit " + source.vectorType()
                    + " vectors of collection '" + spec.collection() + "'; use one of "
                    + String.join(", ", binary ? new String[] {"HAMMING", "JACCARD"} : new String[] {"L2", "IP", "COSINE"}));
        }
        boolean autoId = spec.autoId() || source.keyKind() == KeyKind.NONE;
        if (spec.autoId() && source.keyKind() == KeyKind.VARCHAR) {
            throw new SinkSpecException("auto-id generates INT64 keys, but the source has VARCHAR keys; "
                    + "turn auto-id off for collection '" + spec.collection() + "'");
        }
        if (autoId && spec.mode() == WriteMode.UPSERT) {
            throw new SinkSpecException("upsert replaces rows by primary key, but collection '" + spec.collection()
                    + "' gets its keys from auto-id" + (source.keyKind() == KeyKind.NONE ? " (the source has none)" : "")
                    + "; use append or overwrite");
        }
        for (ScalarField field : source.scalarFields()) {
            if (field.name().equals(spec.keyField()) || field.name().equals(spec.vectorField())) {
                throw new SinkSpecException("The source's scalar field '" + field.name() + "' has the name of the "
                        + (field.name().equals(spec.keyField()) ? "primary key" : "vector field") + " of collection '"
                        + spec.collection() + "'");
            }
        }
        KeyKind keyKind = source.keyKind() == KeyKind.VARCHAR ? KeyKind.VARCHAR : KeyKind.INT64;
        return new CollectionSpec(source.vectorType(), source.dimension(), keyKind, autoId, metric,
                source.scalarFields(), spec.keyField(), spec.vectorField(), null, spec.shardsNum());
    }

    /**
     * A Milvus to Milvus job: the target is created as the template says; keys and vectors fill its primary key
     * and first dense vector field ({@link CollectionTemplate#mainVectorField()}), and the source's other columns
     * its other fields, by name. A source without dense vectors fills every field from its columns.
     */
    private static CollectionSpec fromTemplate(MilvusSinkSpec spec, SourceSchema source) throws SinkSpecException {
        CollectionTemplate template = spec.template();
        String vectorField = template.mainVectorField().map(io.milvus.grpc.FieldSchema::getName).orElse(null);
        if ((vectorField == null) != (source.vectorType() == VectorType.NONE)) {
            throw new SinkSpecException("Collection '" + template.schema().getName() + "' ("
                    + template.describeFields() + ") " + (vectorField == null ? "has no" : "has the")
                    + " dense vector field" + (vectorField == null ? "" : " '" + vectorField + "'") + ", but the source "
                    + "of collection '" + spec.collection() + "' has " + (vectorField == null
                    ? source.vectorType() + " vectors" : "none"));
        }
        boolean autoId = template.autoId();
        if (autoId && spec.mode() == WriteMode.UPSERT) {
            throw new SinkSpecException("upsert replaces rows by primary key, but collection '" + spec.collection()
                    + "' gets its keys from auto-id (as its source '" + template.schema().getName() + "' does); "
                    + "use append or overwrite");
        }
        String metric = vectorField == null ? null : template.metric(vectorField)
                .orElse(source.vectorType() == VectorType.BINARY_VECTOR ? "HAMMING" : "L2");
        KeyKind keyKind = source.keyKind() == KeyKind.VARCHAR ? KeyKind.VARCHAR : KeyKind.INT64;
        return new CollectionSpec(source.vectorType(), source.dimension(), keyKind, autoId, metric,
                source.scalarFields(), template.keyField().getName(), vectorField, template);
    }

    /**
     * "FLOAT_VECTOR dim 128, INT64 key, metric L2", with " (auto-id)" when set and ", fields text VARCHAR(512),
     * metadata JSON" when the source has scalar fields: for messages.
     */
    String describe() {
        return (vectorType == VectorType.NONE ? "no dense vectors" : vectorType + " dim " + dimension) + ", "
                + keyKind + " key" + (autoId ? " (auto-id)" : "")
                + (metric == null ? "" : ", metric " + metric) + (scalarFields.isEmpty() ? ""
                : ", fields " + String.join(", ", scalarFields.stream().map(ScalarField::describe).toList()));
    }
}
