package io.day2ops.foundation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.day2ops.events.FieldError;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns bad input into problem+json answers that name the field, never a stack trace. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem problem) {
        return new ProblemDetails(
                        "urn:day2ops:problem:bad-request", "Bad request", 400, problem.getMessage(), problem.errors())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem problem) {
        return new ProblemDetails("urn:day2ops:problem:not-found", "Not found", 404, problem.getMessage(), List.of())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException exception) {
        List<FieldError> errors = exception.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return new ProblemDetails(
                        "urn:day2ops:problem:bad-request",
                        "Bad request",
                        400,
                        errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")),
                        errors)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException exception) {
        String field = exception instanceof MismatchedInputException mismatch
                        && !mismatch.getPath().isEmpty()
                ? mismatch.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "$";
        FieldError error = new FieldError(field, exception.getOriginalMessage());
        return new ProblemDetails(
                        "urn:day2ops:problem:bad-request", "Bad request", 400, error.toString(), List.of(error))
                .toResponse();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
