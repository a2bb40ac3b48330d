package io.milvusdm.job;

import java.nio.file.Path;
import java.util.Map;

/** Where milvusdm keeps its own state when a job does not say: {@code $MILVUSDM_HOME}, else {@code ~/.milvusdm}. */
public final class LocalDefaults {

    public static final String ENV_HOME = "MILVUSDM_HOME";

    private LocalDefaults() {
    }

    public static Path home(Map<String, String> environment) {
        String home = environment.get(ENV_HOME);
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".milvusdm");
    }

    /** The data directory of the local Milvus used by jobs that name no server. */
    public static Path dataDir(Map<String, String> environment) {
        return home(environment).resolve("milvus-data");
    }
}
