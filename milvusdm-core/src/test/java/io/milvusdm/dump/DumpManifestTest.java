package io.milvusdm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.VectorType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A manifest that lacks what load and a second dump rely on is refused when read, naming the file and the key. */
class DumpManifestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHERE = "/dumps/migration/coll/manifest.json";

    private static final DumpManifest MANIFEST = new DumpManifest(DumpManifest.FORMAT, 1,
            new DumpManifest.SourceIdentity("npy files /data/v.npy", "abc123"), "coll",
            new DumpManifest.Schema(VectorType.FLOAT_VECTOR, 4, KeyKind.INT64, "L2", 3), "npy", "id", "data",
            List.of(new DumpManifest.Chunk("chunk-00000", 3,
                    List.of(new DumpManifest.FileEntry("chunk-00000/id.npy", 152, "ff")))));

    @Test
    void aCompleteManifestReadsBackEqual() throws IOException {
        assertThat(DumpManifest.read(new ByteArrayInputStream(bytes(tree())), WHERE)).isEqualTo(MANIFEST);
    }

    @ParameterizedTest
    @CsvSource({"source, source", "fileFormat, fileFormat", "vectorField, vectorField", "keyField, keyField"})
    void aMissingKeyIsNamed(String removed, String named) throws IOException {
        ObjectNode tree = tree();
        tree.remove(removed);
        assertThatThrownBy(() -> DumpManifest.read(new ByteArrayInputStream(bytes(tree)), WHERE))
                .isInstanceOf(DumpException.class)
                .hasMessageStartingWith("manifest " + WHERE + " has no " + named);
    }

    @Test
    void aMissingFingerprintOrVectorTypeIsNamed() throws IOException {
        ObjectNode noFingerprint = tree();
        ((ObjectNode) noFingerprint.get("source")).remove("fingerprint");
        assertThatThrownBy(() -> DumpManifest.read(new ByteArrayInputStream(bytes(noFingerprint)), WHERE))
                .hasMessageStartingWith("manifest " + WHERE + " has no source.fingerprint;");
        ObjectNode noType = tree();
        ((ObjectNode) noType.get("schema")).remove("vectorType");
        assertThatThrownBy(() -> DumpManifest.read(new ByteArrayInputStream(bytes(noType)), WHERE))
                .hasMessageStartingWith("manifest " + WHERE + " has no schema.vectorType;");
    }

    @Test
    void anUnknownFileFormatIsRefusedRatherThanReadAsNpy() throws IOException {
        ObjectNode tree = tree();
        tree.put("fileFormat", "csv");
        assertThatThrownBy(() -> DumpManifest.read(new ByteArrayInputStream(bytes(tree)), WHERE))
                .isInstanceOf(DumpException.class)
                .hasMessage("manifest " + WHERE + ": expected fileFormat 'npy' or 'parquet', found 'csv'");
    }

    private static ObjectNode tree() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MANIFEST.write(out);
        return (ObjectNode) JSON.readTree(out.toByteArray());
    }

    private static byte[] bytes(ObjectNode tree) throws IOException {
        return JSON.writeValueAsBytes(tree);
    }
}
