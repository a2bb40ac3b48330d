package io.milvusdm.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/** A process that holds a ledger open until its input ends, for {@link LedgerTest}'s test of two processes. */
public final class LedgerHolder {

    static final String HOLDING = "holding";

    private LedgerHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (Ledger ledger = Ledger.open(Path.of(args[0]), "job1", true)) {
            System.out.println(HOLDING);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }
}
