package io.milvusdm.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One object being written to S3. Bytes gather in one part buffer; a full buffer becomes a part of a multipart
 * upload (started with the first full part), so memory stays at one part whatever the object's size. An object
 * smaller than a part is sent with one PUT at close. Any failure, and {@link #abort()}, abort the multipart upload:
 * nothing appears under the key. Not thread-safe, as OutputStreams are not.
 */
final class S3Upload extends AbortableOutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);

    /** S3 allows 10,000 parts; the part size doubles every this many parts so that no object runs out of them. */
    private static final int PARTS_PER_SIZE = 1000;
    /** S3's largest part. */
    private static final long MAX_PART_BYTES = 5L << 30;

    private final S3Client s3;
    private final S3Errors errors;
    private final String bucket;
    private final String fullKey;
    private final String key;
    private final long basePartBytes;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private boolean done;

    S3Upload(S3Client s3, S3Errors errors, String bucket, String fullKey, String key, long partBytes) {
        this.s3 = s3;
        this.errors = errors;
        this.bucket = bucket;
        this.fullKey = fullKey;
        this.key = key;
        this.basePartBytes = partBytes;
        this.buffer = new byte[(int) Math.min(partBytes, Integer.MAX_VALUE - 8)];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == buffer.length) {
            flushPart();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        while (length > 0) {
            if (filled == buffer.length) {
                flushPart();
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    /** Completes the object: it becomes visible under its key. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        try {
            if (uploadId == null) {
                s3.putObject(b -> b.bucket(bucket).key(fullKey), body());
            } else {
                if (filled > 0) {
                    uploadPart();
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
            done = true;
            buffer = null;
        } catch (SdkException e) {
            throw failed("completing", e);
        }
    }

    /**
     * Aborts the multipart upload, if one was started. Best effort: when the abort request itself fails, the parts
     * stay on the server, invisible, until a lifecycle rule removes them; that is logged with the upload id.
     */
    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        buffer = null;
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId));
            } catch (SdkException e) {
                LOG.warn("{}; the parts stay invisible on the server until a lifecycle rule removes upload {}",
                        errors.translate("aborting the upload of '" + key + "'", e).getMessage(), uploadId);
            }
        }
    }

    private void flushPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(fullKey)).uploadId();
            }
            uploadPart();
        } catch (SdkException e) {
            throw failed("uploading part " + (parts.size() + 1) + " of", e);
        }
        long next = partBytes(basePartBytes, parts.size());
        if (next != buffer.length) {
            buffer = new byte[(int) next];
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId).partNumber(number),
                body()).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The size of the next part after {@code partsDone} parts: doubling every 1000 parts, at most S3's 5 GiB. */
    static long partBytes(long basePartBytes, int partsDone) {
        long size = basePartBytes << Math.min(20, partsDone / PARTS_PER_SIZE);
        return Math.min(size, Math.min(MAX_PART_BYTES, Integer.MAX_VALUE - 8));
    }

    /** The buffered bytes, handed over without a copy (RequestBody.fromBytes would copy the whole part). */
    private RequestBody body() {
        byte[] bytes = buffer;
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    /** Aborts what was uploaded, then reports the failure. */
    private ObjectStoreException failed(String action, SdkException e) {
        ObjectStoreException failure = errors.translate(action + " '" + key + "'", e);
        abort();
        return failure;
    }

    private void ensureOpen() throws IOException {
        if (done) {
            throw new ObjectStoreException("the upload of '" + key + "' is already closed or aborted");
        }
    }
}
