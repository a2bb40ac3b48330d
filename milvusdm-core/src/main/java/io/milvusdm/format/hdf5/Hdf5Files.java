package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Opens HDF5 files with jhdf, turning jhdf's runtime exceptions into {@link FormatException}s that name the file. */
final class Hdf5Files {

    /** Enough names to recognise a file in an error message, not so many that the message drowns. */
    private static final int MAX_LISTED_DATASETS = 20;

    private Hdf5Files() {
    }

    /**
     * Opens a file. The channel is ours, not jhdf's {@code HdfFile(Path)}, so that a failure while parsing
     * the superblock does not leak the file handle (jhdf 0.13.0 leaves it open). jhdf's channel constructor
     * forgets the path, and then {@code close()} and a missing-path lookup fail with "No backing file":
     * the subclass gives the path back.
     */
    static HdfFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new HdfFile(channel) {
                @Override
                public Path getFileAsPath() {
                    return file;
                }
            };
        } catch (RuntimeException e) {
            channel.close();
            throw wrap(file, "not a readable HDF5 file", e);
        }
    }

    /**
     * A jhdf failure as a {@link FormatException}. jhdf signals corrupt input with {@code HdfException} but also,
     * on truncated or damaged structures, with buffer underflows, index and argument errors: all mean the same
     * to a user.
     */
    static FormatException wrap(Path file, String what, RuntimeException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new FormatException(what + ": " + detail, file, -1, e);
    }

    /** The dataset at {@code path}, or {@code null} when there is none; a group there is an error. */
    static Dataset findDataset(HdfFile hdf, Path file, String path) throws FormatException {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
        if (node instanceof Dataset dataset) {
            return dataset;
        }
        throw new FormatException("'" + path + "' is a group, not a dataset", file, -1);
    }

    /** Paths of the datasets in the file (depth first, at most a handful), for error messages. */
    static List<String> datasetPaths(HdfFile hdf) {
        List<String> paths = new ArrayList<>();
        collect(hdf, paths);
        return paths;
    }

    private static void collect(Group group, List<String> paths) {
        for (Node node : group) {
            if (paths.size() >= MAX_LISTED_DATASETS) {
                return;
            }
            if (node instanceof Dataset) {
                paths.add(node.getPath().startsWith("/") ? node.getPath().substring(1) : node.getPath());
            } else if (node instanceof Group child && !node.isLink()) {
                collect(child, paths);
            }
        }
    }
}
