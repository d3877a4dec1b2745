package io.day2ops.foundation.inbox;

import io.day2ops.events.CloudEvent;
import io.day2ops.foundation.runtime.FoundationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whether a fact from the bus may be believed (see {@link FoundationConfig.Trust}): its {@code ce_source} is one of the
 * producers configured for its type, and neither its {@code ce_time} nor any timestamp in its data lies further in the
 * future than the allowed clock skew (expiry times excepted). A forged {@code SnapshotTaken} dated 2099 would otherwise silence an RPO alert.
 */
@ApplicationScoped
public class ProducerTrust {

    private final Map<String, List<String>> producers;
    private final Duration skew;
    private final Clock clock;

    @Inject
    public ProducerTrust(FoundationConfig config, Clock clock) {
        this(config.trust().producers(), config.trust().maxClockSkew(), clock);
    }

    ProducerTrust(Map<String, List<String>> producers, Duration skew, Clock clock) {
        this.producers = producers;
        this.skew = skew;
        this.clock = clock;
    }

    /** Why {@code event} is not believed, or null when it is (or its type is not a fact this service checks). */
    public String refusal(CloudEvent<?> event) {
        List<String> trusted = producers.get(event.type());
        if (trusted == null) {
            return null;
        }
        if (!trusted.contains(event.source())) {
            return "untrusted producer: ce_source '" + event.source() + "' may not publish " + event.type()
                    + " (trusted: " + String.join(", ", trusted) + ")";
        }
        Instant latest = clock.instant().plus(skew);
        if (event.time() != null && event.time().isAfter(latest)) {
            return "dated in the future: ce_time " + event.time() + " is more than " + skew + " ahead of this service";
        }
        if (event.data() instanceof Record data) {
            for (RecordComponent component : data.getClass().getRecordComponents()) {
                // expiresAt (a backup's TTL) is meant to lie ahead; every other time of a fact is when something was
                if (component.getType() == Instant.class && !component.getName().startsWith("expires")) {
                    Instant value = read(component, data);
                    if (value != null && value.isAfter(latest)) {
                        return "dated in the future: " + component.getName() + " " + value + " is more than " + skew
                                + " ahead of this service";
                    }
                }
            }
        }
        return null;
    }

    private static Instant read(RecordComponent component, Record data) {
        try {
            return (Instant) component.getAccessor().invoke(data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + data.getClass(), e);
        }
    }
}
