package io.milvusdm.format.hdf5;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HDF5 files of a {@code data_dir} (MilvusDM's H2M job): files whose names end in {@code .h5} or
 * {@code .hdf5} in any case, sorted by name, not recursing into subdirectories.
 *
 * @param files the HDF5 files, sorted by name
 * @param ignored the names of the other entries (sorted; directories end in {@code /}), for the caller to warn
 */
public record Hdf5DataDir(List<Path> files, List<String> ignored) {

    public Hdf5DataDir {
        files = List.copyOf(files);
        ignored = List.copyOf(ignored);
    }

    /**
     * Lists a directory.
     *
     * @throws NoSuchFileException when the directory does not exist, or holds no HDF5 file
     * @throws NotDirectoryException when the path is a file
     */
    public static Hdf5DataDir list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "data_dir does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + ": data_dir is not a directory");
        }
        List<Path> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    ignored.add(name + "/");
                } else if (isHdf5Name(name)) {
                    files.add(entry);
                } else {
                    ignored.add(name);
                }
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        ignored.sort(null);
        if (files.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null,
                    "data_dir holds no .h5 or .hdf5 file" + (ignored.isEmpty() ? "" : "; found only " + ignored));
        }
        return new Hdf5DataDir(files, ignored);
    }

    static boolean isHdf5Name(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".h5") || lower.endsWith(".hdf5");
    }
}
