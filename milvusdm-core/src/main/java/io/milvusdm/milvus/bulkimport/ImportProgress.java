package io.milvusdm.milvus.bulkimport;

/**
 * Where one bulk import job stands.
 *
 * @param state its state
 * @param percent 0..100
 * @param importedRows rows imported so far, or -1 when the server does not say
 * @param reason why it failed, or null
 */
public record ImportProgress(State state, int percent, long importedRows, String reason) {

    public enum State {
        PENDING, IMPORTING, COMPLETED, FAILED;

        public boolean isFinal() {
            return this == COMPLETED || this == FAILED;
        }
    }
}
