package io.day2ops.events;

import java.util.List;
import java.util.stream.Collectors;

/** An event that cannot be accepted, with every bad field named. Never carries a stack trace worth reading. */
public class InvalidEventException extends Exception {

    private final String eventType;
    private final transient List<FieldError> errors;

    public InvalidEventException(String eventType, List<FieldError> errors) {
        super(describe(eventType, errors), null, false, false);
        this.eventType = eventType;
        this.errors = List.copyOf(errors);
    }

    /** The CloudEvents type that was expected or claimed, or {@code unknown}. */
    public String eventType() {
        return eventType;
    }

    /** Every problem found, in document order. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(String eventType, List<FieldError> errors) {
        return "invalid " + eventType + ": "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
