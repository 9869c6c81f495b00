package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.contrastlab.core.io.torch.PickleValues.Global;
import org.contrastlab.core.io.torch.PickleValues.Storage;
import org.contrastlab.core.io.torch.PickleValues.Tuple;

/** Where a checkpoint layout keeps its storages' bytes, read one storage at a time. */
interface StorageSource extends AutoCloseable {
    /** A checkpoint's layout opened: its format's name, the unpickled object, and its storages. */
    record Opened(String format, Object root, StorageSource source) {
    }

    ByteBuffer read(Storage storage) throws IOException;

    @Override
    void close() throws IOException;

    /** A persistent id {@code ('storage', torch.XStorage, key, location, numel[, view])} as a storage. */
    static Storage storageId(Object pid, String where, boolean legacy) throws CheckpointException {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new CheckpointException(where + ": a persistent id that is not a storage: " + PickleGlobals.describe(pid));
        }
        if (!(t.get(1) instanceof Global type) || TorchDtype.ofStorage(type.name()) == null) {
            throw new CheckpointException(where + ": a storage of type " + PickleGlobals.describe(t.get(1)));
        }
        if (legacy && t.size() > 5 && t.get(5) != null) {
            throw new CheckpointException(where + ": a storage view of PyTorch before 0.4, which is not read");
        }
        long numel = PickleGlobals.toLong(t.get(4), where);
        if (numel < 0) {
            throw new CheckpointException(where + ": a storage of " + numel + " elements");
        }
        return new Storage(String.valueOf(t.get(2)), TorchDtype.ofStorage(type.name()), numel);
    }

}
