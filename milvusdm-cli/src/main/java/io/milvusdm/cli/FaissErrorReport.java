package io.milvusdm.cli;

import io.milvusdm.format.faiss.FaissSource;
import io.milvusdm.format.faiss.Recovery;
import java.util.LinkedHashMap;
import java.util.Map;

/** The lines an F2M summary adds about the vectors: how exact they are, and the error measured where it can be. */
final class FaissErrorReport {

    private FaissErrorReport() {
    }

    /** Ordered facts for the summary: {@code vectors}, and for decoded files the bound and the measured error. */
    static Map<String, Object> of(FaissSource source) {
        Map<String, Object> report = new LinkedHashMap<>();
        Recovery recovery = source.describe().recovery();
        if (recovery instanceof Recovery.Decoded decoded) {
            report.put("vectors", "decoded from " + decoded.codec() + (decoded.lossy() ? " (lossy)" : ""));
            report.put("expectedError", decoded.expectedError().text());
            source.measuredMaxError().ifPresentOrElse(
                    e -> report.put("measuredMaxError", e),
                    () -> report.put("measuredMaxError",
                            "not measurable: the file holds no exact copy of the vectors to compare with"));
        } else {
            report.put("vectors", "exact (read bit for bit)");
        }
        return report;
    }
}
