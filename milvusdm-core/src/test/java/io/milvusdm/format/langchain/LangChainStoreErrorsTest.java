package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.milvusdm.format.langchain.LangChainFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stores the pre-scan refuses, each with a message naming the file and what is wrong where. */
class LangChainStoreErrorsTest {

    @TempDir
    Path temp;

    @Test
    void a_pickle_that_would_run_a_command_is_refused_and_runs_nothing() {
        Path folder = store("bad_executes_code");
        Path pkl = folder.resolve("index.pkl");

        assertThatThrownBy(() -> LangChainStoreSource.open(folder))
                .isInstanceOf(FormatException.class)
                .hasMessage("the docstore is a posix.system, expected a langchain InMemoryDocstore (file=" + pkl + ")");
        assertThat(folder.resolve("PWNED")).doesNotExist();
    }

    @Test
    void an_unexpected_class_in_the_docstore_is_named() {
        Path pkl = store("bad_unexpected_class").resolve("index.pkl");
        assertThatThrownBy(() -> LangChainStoreSource.open(pkl.getParent()))
                .isInstanceOf(FormatException.class)
                .hasMessage("docstore entry 'doc-0001' is a datetime.date, expected a langchain Document (file=" + pkl + ")");
    }

    @Test
    void positions_ids_and_documents_must_match_one_to_one() {
        assertRefused("bad_missing_position", "index.pkl",
                "index position 4 has no docstore id in index_to_docstore_id (index.faiss holds 6 vectors)");
        assertRefused("bad_missing_document", "index.pkl",
                "index position 3 maps to docstore id 'doc-0003', which has no document");
        assertRefused("bad_extra_document", "index.pkl",
                "the docstore holds 7 documents for 6 index positions; document 'stray' is at no position");
    }

    @Test
    void values_milvus_cannot_take_are_refused_naming_the_document_and_key() {
        assertRefused("bad_long_text", "index.pkl", "document 'doc-0002' (index position 2) has a page_content of"
                + " 80000 bytes of UTF-8; a Milvus VARCHAR holds at most 65535");
        assertRefused("bad_datetime", "index.pkl", "document 'doc-0002' (index position 2): metadata[\"when\"]"
                + "[\"created\"] is a datetime.datetime, which JSON has no type for; convert it (e.g. a datetime with"
                + " isoformat()) before saving the store");
        assertRefused("bad_nan", "index.pkl", "document '文档-1' (index position 1): metadata[\"score\"] is the"
                + " float NaN, which JSON cannot hold");
    }

    @Test
    void ids_are_matched_as_faiss_returns_them_and_a_positional_mapping_is_explained() {
        assertRefused("bad_idmap_by_position", "index.pkl", "faiss id 10 has no docstore id in"
                + " index_to_docstore_id (index.faiss holds 5 vectors); its keys are the positions 0..4, not the ids"
                + " faiss returns: an IndexIDMap returns the ids given to add_with_ids, and LangChain looks documents"
                + " up by those");
        assertRefused("bad_ivf_deleted", "index.pkl", "faiss id 19 has no docstore id in index_to_docstore_id"
                + " (index.faiss holds 19 vectors); its keys are the positions 0..18, not the ids faiss returns: an"
                + " IVF index keeps the ids it gave at add time, and LangChain's delete() renumbers the keys 0..n-1 as"
                + " if the index were flat, so this store no longer finds its documents");
    }

    @Test
    void a_missing_pickle_is_named() throws IOException {
        Path folder = copy("small");
        Files.delete(folder.resolve("index.pkl"));
        assertThatThrownBy(() -> LangChainStoreSource.open(folder))
                .isInstanceOf(FormatException.class)
                .hasMessage("missing index.pkl: a LangChain FAISS store (save_local) is a folder with index.faiss and"
                        + " index.pkl (file=" + folder.resolve("index.pkl") + ")");
    }

    @Test
    void every_truncation_of_the_pickle_is_a_format_exception() throws IOException {
        Path folder = copy("small");
        Path pkl = folder.resolve("index.pkl");
        byte[] whole = Files.readAllBytes(pkl);
        for (int length = 0; length < whole.length; length++) {
            Files.write(pkl, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> LangChainStoreSource.open(folder))
                    .as("pickle cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("(file=" + pkl);
        }
    }

    @Test
    void corrupt_pickle_bytes_and_lengths_are_format_exceptions() throws IOException {
        Path folder = copy("small");
        Path pkl = folder.resolve("index.pkl");
        byte[] whole = Files.readAllBytes(pkl);
        byte[] badOpcode = whole.clone();
        badOpcode[2] = (byte) 0xff;
        Files.write(pkl, badOpcode);
        assertThatThrownBy(() -> LangChainStoreSource.open(folder)).isInstanceOf(FormatException.class)
                .hasMessage("not a readable pickle (invalid pickle opcode: 255) (file=" + pkl + ", offset=0x3)");
        // a BINUNICODE8-sized length of 2^62: refused before any allocation
        byte[] hugeLength = Arrays.copyOf(new byte[] {(byte) 0x80, 4, (byte) 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x40}, 40);
        Files.write(pkl, hugeLength);
        assertThatThrownBy(() -> LangChainStoreSource.open(folder)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("not a readable pickle (length 4611686018427387904 at offset 0x3 runs past the end");
    }

    @Test
    void a_truncated_index_is_a_format_exception_from_the_faiss_reader() throws IOException {
        Path folder = copy("small");
        Path faiss = folder.resolve("index.faiss");
        byte[] whole = Files.readAllBytes(faiss);
        Files.write(faiss, Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> LangChainStoreSource.open(folder)).isInstanceOf(FormatException.class)
                .hasMessage("flat vector floats claims 15 elements of 4 bytes, but only 59 bytes follow in IxF2 (file="
                        + faiss + ", offset=0x25)");
        for (int length = 0; length < whole.length - 1; length++) {
            Files.write(faiss, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> LangChainStoreSource.open(folder))
                    .as("index cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("(file=" + faiss);
        }
    }

    private static void assertRefused(String name, String file, String message) {
        Path folder = store(name);
        assertThatThrownBy(() -> LangChainStoreSource.open(folder))
                .as(name)
                .isInstanceOf(FormatException.class)
                .hasMessage(message + " (file=" + folder.resolve(file) + ")");
    }

    private Path copy(String name) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        for (String file : new String[] {"index.faiss", "index.pkl"}) {
            Files.copy(store(name).resolve(file), folder.resolve(file));
        }
        return folder;
    }
}
