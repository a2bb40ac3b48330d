package io.milvusdm.milvus;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * The secrets of one target (password, token, the user-info of its URI and the authorization header made of
 * them), so that any text bound for a log or an error can be scrubbed of them, whatever a server or library
 * put into it.
 */
final class Secrets {

    private static final String MASK = "***";
    /** Shorter values would mask ordinary words; such a secret is too weak to hide anyway. */
    private static final int MIN_LENGTH = 3;

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets of(MilvusTarget target) {
        List<String> values = new ArrayList<>();
        add(values, target.password());
        add(values, target.token());
        String authorization = authorization(target);
        if (authorization != null) {
            add(values, authorization);
            add(values, Base64.getEncoder().encodeToString(authorization.getBytes(StandardCharsets.UTF_8)));
        }
        String uri = target.uri();
        if (uri != null) {
            int at = MilvusTarget.userInfoEnd(uri);
            if (at >= 0) {
                String userInfo = uri.substring(MilvusTarget.authorityStart(uri), at);
                add(values, userInfo);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    add(values, userInfo.substring(colon + 1));
                }
            }
        }
        // longest first, so that "user:secret" is masked whole before "secret" alone
        values.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return new Secrets(List.copyOf(values));
    }

    /** What the SDK sends as the {@code authorization} header before base64: the token, else user:password. */
    static String authorization(MilvusTarget target) {
        if (target.token() != null) {
            return target.token();
        }
        if (target.user() != null && target.password() != null) {
            return target.user() + ":" + target.password();
        }
        return null;
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : values) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /**
     * The failure itself when no message in its cause chain holds a secret, else null: a cause kept inside our
     * exception shows up in stack traces, so one that leaks is dropped (its scrubbed reason is in our message).
     */
    Throwable cleanCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(scrub(message))) {
                return null;
            }
        }
        return failure;
    }

    private static void add(List<String> values, String value) {
        if (value != null && value.length() >= MIN_LENGTH && !values.contains(value)) {
            values.add(value);
        }
    }
}
