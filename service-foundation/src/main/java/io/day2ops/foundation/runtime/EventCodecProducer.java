package io.day2ops.foundation.runtime;

import io.day2ops.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One shared, schema-loaded codec per service. */
public class EventCodecProducer {

    @Produces
    @ApplicationScoped
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
