package io.milvusdm.cli.similarity;

import io.milvusdm.similarity.MilvusSettings;
import io.milvusdm.similarity.SimilarityIndex;
import io.milvusdm.similarity.Similarity;
import io.milvusdm.similarity.SimilarityOptions;
import io.milvusdm.similarity.embed.EmbeddingModel;
import io.milvusdm.similarity.store.SimilarityStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every similarity command shares: the store, the Milvus connection settings (over the environment
 * {@code MILVUSDM_SIMILARITY_MILVUS_*} and the config file), and the model that embeds text prompts.
 */
final class IndexOptions {

    @Option(names = "--store", paramLabel = "FILE",
            description = "The similarity store (default $MILVUSDM_SIMILARITY_DB or ~/.milvusdm/similarity.db).")
    Path store;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON config with a \"milvus\" object (default $MILVUSDM_SIMILARITY_CONFIG or"
                    + " ~/.milvusdm/similarity.json).")
    Path config;

    @Option(names = "--uri", paramLabel = "URI", description = "Milvus server, e.g. http://127.0.0.1:19530.")
    String uri;

    @Option(names = "--user", paramLabel = "NAME", description = "Milvus user.")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "Milvus password (never stored).")
    String password;

    @Option(names = "--token", paramLabel = "SECRET", description = "Milvus token, user:password or API key (never stored).")
    String token;

    @Option(names = "--db-name", paramLabel = "NAME", description = "Milvus database.")
    String dbName;

    @Option(names = "--secure", description = "Connect with TLS.")
    Boolean secure;

    @Option(names = "--server-pem-path", paramLabel = "FILE", description = "TLS: the server's certificate.")
    String serverPemPath;

    @Option(names = "--client-pem-path", paramLabel = "FILE", description = "Two-way TLS: client certificate.")
    String clientPemPath;

    @Option(names = "--client-key-path", paramLabel = "FILE", description = "Two-way TLS: client key.")
    String clientKeyPath;

    @Option(names = "--ca-pem-path", paramLabel = "FILE", description = "TLS: CA certificate.")
    String caPemPath;

    @Option(names = "--server-name", paramLabel = "NAME", description = "TLS: the server name to check.")
    String serverName;

    @Option(names = "--model", paramLabel = "SPEC",
            description = "Embedding model: minilm (bundled text model) or clip:DIR (ONNX image+text model in DIR).")
    String model;

    MilvusSettings milvus() {
        return new MilvusSettings(uri, user, password, token, dbName, secure, serverPemPath, clientPemPath,
                clientKeyPath, caPemPath, serverName);
    }

    SimilarityOptions.Builder options(String key, Map<String, String> environment, Consumer<String> warnings) {
        SimilarityOptions.Builder builder = SimilarityOptions.builder(key).environment(environment).milvus(milvus())
                .warnings(warnings)
                .store(store != null ? store : SimilarityStore.defaultPath(environment));
        if (config != null) {
            builder.configFile(config);
        }
        EmbeddingModel embeddingModel = model == null ? null : Models.open(model);
        if (embeddingModel != null) {
            builder.model(embeddingModel).modelSpec(model);
        }
        return builder;
    }

    SimilarityStore openStore(Map<String, String> environment) throws IOException {
        return SimilarityStore.at(store != null ? store : SimilarityStore.defaultPath(environment));
    }

    /** The recorded index; without --model, its recorded model (if any) embeds text prompts when one is asked. */
    SimilarityIndex load(String dataset, String key, Map<String, String> environment, Consumer<String> warnings)
            throws IOException {
        return Similarity.load(dataset, key, options(key, environment, warnings).build());
    }
}
