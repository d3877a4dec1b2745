package io.day2ops.foundation.rest;

import io.day2ops.events.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A request that names bad fields: answered 400 with a problem+json body listing each one. */
public class BadRequestProblem extends RuntimeException {

    private final transient List<FieldError> errors;

    public BadRequestProblem(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public BadRequestProblem(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
