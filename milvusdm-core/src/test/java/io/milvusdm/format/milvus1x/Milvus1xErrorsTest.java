package io.milvusdm.format.milvus1x;

import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pre-scan refuses what it cannot read whole, naming the file and what was expected and found. */
class Milvus1xErrorsTest {

    @TempDir
    static Path root;
    static Path valid;
    static Path broken;

    @BeforeAll
    static void writeFixtures() {
        Milvus1xFixtures.write(root, "valid", "broken");
        valid = root.resolve("valid");
        broken = root.resolve("broken");
    }

    private static Path segmentDir(String table) throws Exception {
        try (var dirs = java.nio.file.Files.list(broken.resolve("db/tables").resolve(table))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    private static Path segmentFile(String table, String suffix) throws Exception {
        Path dir = segmentDir(table);
        return dir.resolve(suffix.startsWith(".") ? dir.getFileName() + suffix : suffix);
    }

    @Test
    void unknownCollectionListsThePresentOnes() {
        Path meta = valid.resolve("db/meta.sqlite");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(valid, "nope")))
                .isInstanceOf(FormatException.class)
                .hasMessage("no collection 'nope' in the Milvus 1.x meta; collections: coll_b, coll_f, coll_t (file="
                        + meta + ")");
    }

    @Test
    void aPartitionTableIsNotACollection() {
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(valid, "coll_f_1606000000000001")))
                .hasMessageStartingWith("no collection 'coll_f_1606000000000001' in the Milvus 1.x meta;");
    }

    @Test
    void unknownPartitionListsTheTags() {
        assertThatThrownBy(() -> Milvus1xSource.open(new Milvus1xSourceSpec(valid, "coll_f", List.of("p1", "p9"))))
                .isInstanceOf(FormatException.class)
                .hasMessage("no partition 'p9' in collection 'coll_f'; partitions: _default, p1, p2 (file="
                        + valid.resolve("db/meta.sqlite") + ")");
    }

    @Test
    void missingMetaFile() {
        Path dir = broken.resolve("no_meta");
        Path meta = dir.resolve("db/meta.sqlite");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(dir, "c")))
                .isInstanceOf(FormatException.class)
                .hasMessage("no Milvus 1.x SQLite meta: expected meta.sqlite under " + meta.getParent()
                        + " (for a MySQL meta, set mysql_parameter) (file=" + meta + ")");
    }

    @Test
    void missingSegmentFileIsNamed() throws Exception {
        Path rv = segmentFile("missing_rv", ".rv");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(broken, "missing_rv")))
                .isInstanceOf(FormatException.class)
                .hasMessage("missing segment file: the meta lists segment " + rv.getParent().getFileName()
                        + " of table 'missing_rv' (file type 1, 10 rows) (file=" + rv + ")");
    }

    @Test
    void headerThatDisagreesWithTheFileSize() throws Exception {
        Path rv = segmentFile("bad_header", ".rv");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(broken, "bad_header")))
                .isInstanceOf(FormatException.class)
                .hasMessage("header gives 320 payload bytes, the file holds 332 - 8 = 324 (file=" + rv
                        + ", offset=0x0)");
    }

    @Test
    void idsThatDoNotMatchTheRows() throws Exception {
        Path uid = segmentFile("uid_rows", ".uid");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(broken, "uid_rows")))
                .isInstanceOf(FormatException.class)
                .hasMessage("expected 10 ids x 8 = 80 payload bytes for the rows of " + uid.getParent().getFileName()
                        + ".rv, found 72 (file=" + uid + ", offset=0x0)");
    }

    @Test
    void deletedOffsetOutsideTheSegment() throws Exception {
        Path deleted = segmentFile("bad_offset", "deleted_docs");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(broken, "bad_offset")))
                .isInstanceOf(FormatException.class)
                .hasMessage("deleted row offset 10 is outside the segment's 10 rows (file=" + deleted
                        + ", offset=0xc)");
    }

    @Test
    void metaRowCountThatDisagreesWithTheFiles() throws Exception {
        Path rv = segmentFile("row_count", ".rv");
        assertThatThrownBy(() -> Milvus1xSource.open(Milvus1xSourceSpec.of(broken, "row_count")))
                .isInstanceOf(FormatException.class)
                .hasMessage("the meta gives segment " + rv.getParent().getFileName() + " of table 'row_count' 10 rows,"
                        + " its files hold 10 rows less 1 deleted = 9 (file=" + rv + ")");
    }

    @Test
    void aSplitOfAnotherSourceIsRefused() throws Exception {
        try (Milvus1xSource source = Milvus1xSource.open(new Milvus1xSourceSpec(valid, "coll_f", List.of("p2")))) {
            Milvus1xSplit foreign = new Milvus1xSplit("p1", "coll_f_1606000000000001", "1", 0, 5, 5);
            assertThatThrownBy(() -> source.open(foreign, 1 << 20))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("split milvus1x:coll_f_1606000000000001:1:0+5 does not belong to this source");
        }
    }
}
