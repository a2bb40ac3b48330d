package io.milvusdm.format.hdf5;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data_dir lists its .h5 and .hdf5 files by name and says what it left out. */
class Hdf5DataDirTest {

    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.createFile(dir.resolve(name));
        }
    }

    @Test
    void lists_h5_and_hdf5_files_in_any_case_sorted_by_name_and_reports_the_rest() throws IOException {
        touch("b.h5", "a.HDF5", "c.H5", "notes.txt", "vectors.npy", "x.h5.bak");
        Files.createDirectory(dir.resolve("sub.h5"));
        Files.createFile(dir.resolve("sub.h5").resolve("deep.h5"));
        Hdf5DataDir listing = Hdf5DataDir.list(dir);
        assertThat(listing.files()).containsExactly(dir.resolve("a.HDF5"), dir.resolve("b.h5"), dir.resolve("c.H5"));
        assertThat(listing.ignored()).containsExactly("notes.txt", "sub.h5/", "vectors.npy", "x.h5.bak");
    }

    @Test
    void a_missing_directory_is_named() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> Hdf5DataDir.list(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(missing + ": data_dir does not exist");
    }

    @Test
    void a_file_given_as_directory_is_named() throws IOException {
        touch("file.h5");
        assertThatThrownBy(() -> Hdf5DataDir.list(dir.resolve("file.h5")))
                .isInstanceOf(NotDirectoryException.class).hasMessageContaining("file.h5");
    }

    @Test
    void a_directory_without_hdf5_files_says_what_it_holds() throws IOException {
        touch("readme.md");
        assertThatThrownBy(() -> Hdf5DataDir.list(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir + ": data_dir holds no .h5 or .hdf5 file; found only [readme.md]");
    }
}
