package io.milvusdm.job;

import io.milvusdm.dump.DumpTarget;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.storage.ObjectStore;
import io.milvusdm.storage.ObjectStoreException;
import java.io.IOException;

/** Opens the object store a milvus-migration config's {@code target} names, and the dump's folder in it. */
final class DumpStores {

    private DumpStores() {
    }

    static ObjectStore open(DumpStorage storage) throws IOException {
        if (storage instanceof DumpStorage.Local local) {
            return new LocalObjectStore(local.folder());
        }
        DumpStorage.Remote remote = (DumpStorage.Remote) storage;
        throw new ObjectStoreException("target.mode remote (bucket '" + remote.bucket() + "' at " + remote.endpoint()
                + "): this build has no S3 store yet");
    }

    static DumpTarget dumpTarget(ObjectStore store, DumpStorage storage, String collection) {
        return DumpTarget.of(store, storage.outputDir(), collection);
    }
}
