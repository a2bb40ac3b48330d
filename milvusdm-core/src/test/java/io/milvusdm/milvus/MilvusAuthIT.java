package io.milvusdm.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Test;
import io.milvusdm.testing.TestEnvironment;

/**
 * What the SDK does with credentials against a server that checks them. Only milvus23 has authorization
 * ({@code scripts/milvus-local start --server milvus23 --auth}); lite and lite25 accept any token, so this runs
 * against {@link TestEnvironment#milvusAuthUri()}, which scripts/test starts.
 */
class MilvusAuthIT {

    private static final String URI = TestEnvironment.milvusAuthUri();

    @Test
    void should_connect_with_the_right_password() {
        MilvusClientV2 client = connect("root", "Milvus");
        try {
            assertThat(client.listCollections().getCollectionNames()).isNotNull();
        } finally {
            client.close();
        }
    }

    /** SDK 2.6.22 lets the shaded gRPC exception out of the constructor, not a MilvusClientException. */
    @Test
    void should_fail_at_connect_with_a_wrong_password() {
        assertThatThrownBy(() -> connect("root", "wrong-password"))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessage("UNAUTHENTICATED: auth check failure, please check username and password are correct");
    }

    private static MilvusClientV2 connect(String user, String password) {
        return new MilvusClientV2(ConnectConfig.builder().uri(URI).username(user).password(password).build());
    }
}
