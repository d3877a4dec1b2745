package io.day2ops.sandbox;

import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;

/**
 * The fault switch of a sandbox cluster, for tests: answer slowly, answer every request with an error (500, 503, 429
 * with {@code Retry-After}), or (through {@link SandboxCluster#unreachable()}) not answer at all.
 */
public final class Faults {

    private volatile Duration delay = Duration.ZERO;
    private volatile int errorCode;
    private volatile Duration admissionDelay = Duration.ZERO;

    /** Every answer arrives {@code delay} late. */
    public void slow(Duration delay) {
        this.delay = delay;
    }

    /**
     * Every write of a namespaced object (POST, PUT, PATCH under {@code /namespaces/<ns>/}) is answered {@code delay}
     * late, as behind a slow admission webhook; reads and namespace creation are not.
     */
    public void slowAdmission(Duration delay) {
        this.admissionDelay = delay;
    }

    /** Every request is answered with {@code code} (e.g. 500, 503, 429). */
    public void failWith(int code) {
        this.errorCode = code;
    }

    /** Back to a healthy API server. */
    public void clear() {
        delay = Duration.ZERO;
        admissionDelay = Duration.ZERO;
        errorCode = 0;
    }

    MockResponse injected() {
        int code = errorCode;
        if (code == 0) {
            return null;
        }
        String reason = switch (code) {
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> "InternalError";
        };
        MockResponse response = ApiResponses.status(code, reason, "sandbox fault switch: answering " + code);
        if (code == 429) {
            response.setHeader("Retry-After", "1");
        }
        return delayed(response);
    }

    MockResponse delayed(MockResponse response) {
        Duration d = delay;
        return d.isZero() ? response : response.setBodyDelay(d);
    }

    MockResponse delayed(MockResponse response, String method, String path) {
        Duration admission = admissionDelay;
        if (!admission.isZero()
                && java.util.Set.of("POST", "PUT", "PATCH").contains(method)
                && path != null
                && path.matches("/api(s/[^/]+)?/v[^/]+/namespaces/[^/]+/.+")) {
            return response.setBodyDelay(admission.plus(delay));
        }
        return delayed(response);
    }
}
