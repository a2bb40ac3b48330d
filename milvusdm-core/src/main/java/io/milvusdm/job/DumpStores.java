package io.milvusdm.job;

import io.milvusdm.dump.DumpTarget;
import io.milvusdm.storage.LocalObjectStore;
import io.milvusdm.storage.ObjectStore;
import io.milvusdm.storage.S3ObjectStore;
import io.milvusdm.storage.S3StoreOptions;
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
        // the dump's own folder (outputDir/migration/collection) is the key prefix DumpTarget adds, so that the
        // keys it names are the paths Milvus's import reads in its bucket
        return S3ObjectStore.open(S3StoreOptions.of(remote.endpoint(), remote.region(), remote.bucket(), "",
                remote.accessKey(), remote.secretKey(), remote.useIam(), remote.useSsl()));
    }

    /**
     * Checks the store before a dump writes: a local folder is created when missing; a bucket is checked
     * ({@code checkBucket: true}, the default), and a missing one is an error naming it rather than created, since
     * it must be Milvus's own bucket.
     */
    static void check(ObjectStore store, DumpStorage storage) throws IOException {
        if (storage instanceof DumpStorage.Remote remote) {
            if (remote.checkBucket()) {
                store.check(false);
            }
        } else {
            store.check(true);
        }
    }

    static DumpTarget dumpTarget(ObjectStore store, DumpStorage storage, String collection) {
        return DumpTarget.of(store, storage.outputDir(), collection);
    }
}
