package io.milvusdm.storage;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Turns the SDK's failures into messages a user can act on: which endpoint and bucket, and whether the bucket or
 * key is missing, the credentials are refused, or the endpoint cannot be reached. The secret key never appears: it
 * is masked in every message, and a cause whose message holds it is dropped.
 */
final class S3Errors {

    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AccessDenied", "InvalidToken", "ExpiredToken", "InvalidSecurity", "AuthorizationHeaderMalformed");

    private final S3StoreOptions options;
    private final String endpointName;

    S3Errors(S3StoreOptions options) {
        this.options = options;
        this.endpointName = options.endpoint() == null ? "AWS S3 (" + options.region() + ")" : options.endpoint();
    }

    /** Whether the failure says that the object or bucket is not there. */
    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 404;
    }

    static boolean isNoSuchBucket(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "NoSuchBucket".equals(service.awsErrorDetails().errorCode());
    }

    /**
     * @param action what was being done, e.g. {@code "reading 'a/b.parquet'"}
     */
    ObjectStoreException translate(String action, SdkException e) {
        String message;
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (code != null && REFUSED_CREDENTIALS.contains(code) || status == 403 || status == 401) {
                message = endpointName + " refused the credentials for bucket '" + options.bucket() + "' while "
                        + action + " (" + (code == null ? "HTTP " + status : code)
                        + "): check the access key and secret key (ak, sk)"
                        + (options.useIam() ? ", or the IAM role's permissions" : "");
            } else if ("NoSuchBucket".equals(code) || status == 404 && code == null && action.startsWith("checking")) {
                message = "bucket '" + options.bucket() + "' does not exist at " + endpointName + " (while "
                        + action + "); create it, or set checkBucket: true to have it created";
            } else if ("NoSuchKey".equals(code) || status == 404) {
                message = "no such object while " + action + " in " + options.location() + " at " + endpointName;
            } else {
                message = endpointName + " failed while " + action + " in " + options.location() + ": HTTP "
                        + status + (code == null ? "" : " " + code) + ": " + service.getMessage();
            }
        } else if (e instanceof SdkClientException && unreachable(e)) {
            message = "cannot reach the S3 endpoint " + endpointName + " while " + action + " in "
                    + options.location() + ": " + rootMessage(e);
        } else {
            message = "S3 failure at " + endpointName + " while " + action + " in " + options.location() + ": "
                    + e.getMessage();
        }
        return new ObjectStoreException(scrub(message), cleanCause(e));
    }

    String scrub(String text) {
        String secret = options.secretKey();
        if (text == null || secret == null || secret.length() < 3) {
            return text;
        }
        return text.replace(secret, "***");
    }

    private Throwable cleanCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(scrub(message))) {
                return null;
            }
        }
        return failure;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
