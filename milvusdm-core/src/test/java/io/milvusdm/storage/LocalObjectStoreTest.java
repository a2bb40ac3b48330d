package io.milvusdm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder as an object store: objects appear whole on close, aborted ones never, keys stay inside the root. */
class LocalObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void an_object_appears_only_when_its_stream_is_closed() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        OutputStream out = store.create("a/b/c.bin");
        out.write("hello world".getBytes(StandardCharsets.UTF_8));

        assertThat(store.exists("a/b/c.bin")).isFalse();
        assertThat(store.list("")).isEmpty();
        out.close();

        assertThat(store.exists("a/b/c.bin")).isTrue();
        assertThat(store.list("a/")).containsExactly(new ObjectStore.ObjectInfo("a/b/c.bin", 11));
        try (InputStream in = store.open("a/b/c.bin", 6, 5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("world");
        }
    }

    @Test
    void an_aborted_object_leaves_nothing_behind() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        OutputStream out = store.create("x.bin");
        out.write(new byte[1000]);
        ((AbortableOutputStream) out).abort();

        assertThat(store.exists("x.bin")).isFalse();
        try (var files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void keys_outside_the_root_and_missing_objects_are_refused_by_name() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);

        assertThatThrownBy(() -> store.create("../escape.bin")).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("'../escape.bin'");
        assertThatThrownBy(() -> store.size("nope.bin")).isInstanceOf(ObjectStoreException.class)
                .hasMessage("no object 'nope.bin' in " + root.toAbsolutePath().normalize());
        assertThatThrownBy(() -> new LocalObjectStore(root.resolve("missing")).check(false))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("does not exist");
        new LocalObjectStore(root.resolve("made")).check(true);
        assertThat(root.resolve("made")).isDirectory();
    }
}
