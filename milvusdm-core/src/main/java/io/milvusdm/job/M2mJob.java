package io.milvusdm.job;

import java.nio.file.Path;

/**
 * A Milvus 1.x → Milvus 2.x job, as read from MilvusDM's {@code M2M} YAML plus milvusdm's extras.
 *
 * @param jobFile the file it was read from, or null when built in code
 * @param source the Milvus 1.x work path and the collections and partitions to read
 * @param target where and how to write; its collection and partition are null, as each unit takes the source's
 *     names ({@link MilvusJobTarget#forUnit})
 */
public record M2mJob(Path jobFile, Milvus1xJobSource source, MilvusJobTarget target) {
}
