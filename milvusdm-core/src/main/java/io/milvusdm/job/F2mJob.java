package io.milvusdm.job;

import java.nio.file.Path;

/**
 * A Faiss → Milvus job, as read from MilvusDM's {@code F2M} YAML plus milvusdm's extras.
 *
 * @param jobFile the file it was read from, or null when built in code
 * @param index the Faiss index file
 * @param allowLossy accept vectors decoded from codes (PQ, SQ, lossy transforms), within the decoder's error
 * @param target where and how to write
 */
public record F2mJob(Path jobFile, Path index, boolean allowLossy, MilvusJobTarget target) {
}
