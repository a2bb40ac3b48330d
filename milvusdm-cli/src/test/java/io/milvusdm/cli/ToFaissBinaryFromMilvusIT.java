package io.milvusdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.milvus.MilvusItSupport;
import io.milvusdm.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milvusdm to-faiss --milvus-uri} from a BINARY_VECTOR collection of the full Milvus with authorization
 * ({@link TestEnvironment#milvusAuthUri()}; Milvus Lite has no binary vectors) into an IndexBinaryIVF trained by
 * milvusdm: faiss reads it back with every row's bits under its id and finds the exhaustive top-10 Hamming
 * distances at nprobe = nlist ({@code faiss_writer_fixtures.py check bivf_own}).
 */
class ToFaissBinaryFromMilvusIT {

    private static final String TOKEN = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;

    @TempDir
    Path dir;

    @Test
    void a_binary_collection_becomes_a_binary_ivf_index_faiss_reads_and_searches() throws IOException {
        TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "data", "--out", dir.toString());
        try (MilvusItSupport milvus = new MilvusItSupport(TestEnvironment.milvusAuthUri(), TOKEN)) {
            String collection = milvus.freshCollection("to_faiss_bits");
            TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "milvus-binary",
                    TestEnvironment.milvusAuthUri(), TOKEN, collection, dir.toString());
            Path out = dir.resolve("bits.index");

            CliRun run = CliRun.run(Map.of(SourceOptions.ENV_USER, TestEnvironment.AUTH_USER,
                            SourceOptions.ENV_PASSWORD, TestEnvironment.AUTH_PASSWORD), "to-faiss", "--milvus-uri",
                    TestEnvironment.milvusAuthUri(), "--collection", collection, "--out", out.toString(), "--kind",
                    "ivf", "--nlist", "16", "--no-progress", "--batch-bytes", "8KB");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("rows in target: 2,000 (expected 2,000)");
            try (FaissSource written = FaissSource.open(out)) {
                assertThat(written.describe().root().fourcc()).isEqualTo("IBwF");
            }
            String verdict = TestEnvironment.runFixtureScript("faiss_writer_fixtures.py", "check", "bivf_own",
                    "hamming", out.toString(), dir.toString());
            assertThat(verdict.trim()).isEqualTo("ok");
            milvus.drop(collection);
        }
    }
}
